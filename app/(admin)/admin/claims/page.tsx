import { requireAdmin } from "@/lib/auth/session";
import { listClaims } from "@/lib/k8s/persistent-volume-claims";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { ClaimTable } from "@/components/claims/claim-table";
import { LiveRefresh } from "@/components/live/live-refresh";
import { PhaseFilter } from "@/components/volumes/phase-filter";

export const metadata = { title: "Claims" };

export default async function AdminClaimsPage({ searchParams }: { searchParams: Promise<{ phase?: string }> }) {
  const id = await requireAdmin();
  const { phase } = await searchParams;
  const all = await listClaims(id);
  const rows = phase ? all.filter((c) => c.phase === phase) : all;
  return (
    <>
      <LiveRefresh topics={["persistentvolumeclaims"]} />
      <PageHeader title="Claims in all namespaces" />
      <PhaseFilter phases={["Pending", "Bound", "Lost"]} current={phase} />
      {rows.length === 0 ? <EmptyState title="No claims match" /> : <ClaimTable rows={rows} />}
    </>
  );
}
