import { PageTabs } from "@/components/ui/page-tabs";

const TABS = [
  ["/admin/snapshot-classes", "Snapshot classes"],
  ["/admin/attributes-classes", "Attribute classes"],
  ["/admin/csi-drivers", "CSI drivers"],
] as const;

/** The admin's CSI pages side by side: snapshot classes, attribute classes, drivers. */
export function CsiTabs({ current }: { current: (typeof TABS)[number][0] }) {
  return <PageTabs label="CSI" tabs={TABS} current={current} />;
}
