import { requireAdmin } from "@/lib/auth/session";
import { listPersistentVolumes, queryVolumes } from "@/lib/k8s/persistent-volumes";
import { parseListQuery, runQuery } from "@/lib/list/query";
import { VOLUME_SORTS, volumeSpec, withVolumeUsage } from "@/lib/list/specs";
import { getUsageSnapshot } from "@/lib/k8s/usage";
import { usageForRows } from "@/lib/k8s/usage-pages";
import { matchesUsage, parseUsageFilter } from "@/lib/usage/filter";
import { claimKey } from "@/lib/usage/types";
import { UsageFilterChips } from "@/components/usage/usage-filter";
import { ListPager, type ListView } from "@/components/ui/list-controls";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { ConfirmNotice } from "@/components/ui/confirm-notice";
import { inputClass } from "@/components/ui/field";
import { VolumeTable } from "@/components/volumes/volume-table";
import { LiveRefresh } from "@/components/live/live-refresh";
import { PhaseFilter } from "@/components/volumes/phase-filter";

export const metadata = { title: "Volumes" };
const PHASES = ["Available", "Bound", "Released", "Failed", "Pending"];

type Search = { phase?: string; deleted?: string; q?: string; class?: string; page?: string; sort?: string; dir?: string; size?: string; usage?: string };

export default async function VolumesPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireAdmin();
  const sp = await searchParams;
  const phase = sp.phase && PHASES.includes(sp.phase) ? sp.phase : undefined;
  const all = await listPersistentVolumes();
  // Large clusters have thousands of volumes: filter and page on the server, render one page.
  const { rows: matched, phaseCounts } = queryVolumes(all, { phase, q: sp.q, storageClass: sp.class });
  // Usage of each volume's bound claim from the shared snapshot: one Map lookup per row.
  const usageFilter = parseUsageFilter(sp.usage);
  const { byClaim } = await getUsageSnapshot();
  const figure = (p: (typeof all)[number]) => (p.phase === "Bound" && p.claim ? byClaim.get(claimKey(p.claim.namespace, p.claim.name)) : undefined);
  const rows = usageFilter ? matched.filter((p) => matchesUsage(figure(p), usageFilter)) : matched;
  // Released volumes: longest released first (the ones to clean up); else by name.
  const fallback = { sort: phase === "Released" ? "released" : "name" } as const;
  const query = { ...parseListQuery(sp, VOLUME_SORTS, fallback), q: "" };
  const page = runQuery(rows, query, withVolumeUsage(volumeSpec, byClaim));
  const bound = page.items.filter((p) => p.phase === "Bound" && p.claim).map((p) => p.claim!);
  const { usage } = await usageForRows(bound);
  const keep = { q: sp.q || undefined, class: sp.class, usage: usageFilter };
  const view: ListView = { query, fallback, keep: { ...keep, phase } };
  const released = phaseCounts.Released ?? 0;
  const gone = sp.deleted ? all.find((p) => p.name === sp.deleted) : undefined;
  return (
    <>
      {/* Claims too: a new usage figure is announced as a change of its claim. */}
      <LiveRefresh topics={["persistentvolumes", "persistentvolumeclaims"]} />
      <PageHeader
        title="Persistent volumes"
        description="Pre-created (static) volumes and the ones provisioners made for claims."
        actions={<ButtonLink href="/admin/volumes/new">New volume</ButtonLink>}
      />
      {sp.deleted ? (
        <ConfirmNotice tone={gone ? "amber" : "green"}>
          {gone ? `Volume “${sp.deleted}” is being deleted; it waits for its claim or finalizers before it goes.` : `Volume “${sp.deleted}” was deleted.`}
        </ConfirmNotice>
      ) : null}
      {released && phase !== "Released" ? (
        <p className="mb-3 text-sm text-slate-600">
          {released} volume{released === 1 ? " is" : "s are"} Released: the claim is gone but the data is kept. Make {released === 1 ? "it" : "them"} available again or delete {released === 1 ? "it" : "them"}.
        </p>
      ) : null}
      <form method="get" role="search" className="mb-3 flex flex-wrap items-center gap-2">
        <input name="q" defaultValue={sp.q ?? ""} aria-label="Search volumes" placeholder="Search name, claim, class or path" className={`${inputClass()} max-w-sm`} />
        {phase ? <input type="hidden" name="phase" value={phase} /> : null}
        {sp.class !== undefined ? <input type="hidden" name="class" value={sp.class} /> : null}
        <button type="submit" className="rounded-md px-3 py-1.5 text-sm ring-1 ring-slate-300">Search</button>
        {sp.class !== undefined ? <span className="text-xs text-slate-600">class: {sp.class || "(none)"}</span> : null}
      </form>
      <PhaseFilter phases={PHASES} current={phase} counts={phaseCounts} keep={keep} />
      <UsageFilterChips current={usageFilter} keep={{ q: sp.q || undefined, class: sp.class, phase }} sourceHref="/admin/usage-source" />
      {page.total === 0 ? <EmptyState title="No volumes match" /> : <VolumeTable rows={page.items} actions view={view} usage={usage} />}
      <ListPager view={view} page={page} />
    </>
  );
}
