import { requireAdmin } from "@/lib/auth/session";
import { listPersistentVolumes } from "@/lib/k8s/persistent-volumes";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { VolumeTable } from "@/components/volumes/volume-table";
import { LiveRefresh } from "@/components/live/live-refresh";
import { PhaseFilter } from "@/components/volumes/phase-filter";

export const metadata = { title: "Volumes" };
const PHASES = ["Available", "Bound", "Released", "Failed", "Pending"];

export default async function VolumesPage({ searchParams }: { searchParams: Promise<{ phase?: string }> }) {
  await requireAdmin();
  const { phase } = await searchParams;
  const all = await listPersistentVolumes();
  const rows = phase && PHASES.includes(phase) ? all.filter((p) => p.phase === phase) : all;
  return (
    <>
      <LiveRefresh topics={["persistentvolumes"]} />
      <PageHeader title="Persistent volumes" description="Pre-created (static) volumes and the ones provisioners made for claims." />
      <PhaseFilter phases={PHASES} current={phase} />
      {rows.length === 0 ? <EmptyState title="No volumes match" /> : <VolumeTable rows={rows} />}
    </>
  );
}
