import { AppShell } from "@/components/layout/app-shell";
import { requireAdmin } from "@/lib/auth/session";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  // Pages check again themselves; this only keeps non-admins out of the whole group early.
  await requireAdmin();
  return <AppShell>{children}</AppShell>;
}
