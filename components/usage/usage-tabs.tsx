import { PageTabs } from "@/components/ui/page-tabs";

const TABS = [
  ["/admin/usage", "Totals & capacity"],
  ["/admin/usage-source", "Usage source"],
] as const;

/** The admin's usage pages side by side, like the CSI tabs: totals and capacity, where figures come from. */
export function UsageTabs({ current }: { current: (typeof TABS)[number][0] }) {
  return <PageTabs label="Usage" tabs={TABS} current={current} />;
}
