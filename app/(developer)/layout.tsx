import { AppShell } from "@/components/layout/app-shell";

export default function DeveloperLayout({ children }: { children: React.ReactNode }) {
  return <AppShell>{children}</AppShell>;
}
