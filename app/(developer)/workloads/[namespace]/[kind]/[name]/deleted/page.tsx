import Link from "next/link";
import { notFound } from "next/navigation";
import { requireSession } from "@/lib/auth/session";
import { loadTeardown } from "@/lib/flow/load-lifecycle";
import { decodePlan } from "@/lib/validations/workload-lifecycle";
import { PageHeader } from "@/components/ui/card";
import { LiveRefresh } from "@/components/live/live-refresh";
import { TeardownCard } from "@/components/workloads/teardown-card";

/** Follows a workload's deletion to its end, after the workload itself is gone. */
export default async function WorkloadDeletedPage({
  params,
  searchParams,
}: {
  params: Promise<{ namespace: string; kind: string; name: string }>;
  searchParams: Promise<{ plan?: string }>;
}) {
  const id = await requireSession();
  const p = await params;
  const plan = decodePlan((await searchParams).plan);
  const namespace = decodeURIComponent(p.namespace);
  const name = decodeURIComponent(p.name);
  if (!plan || plan.mode !== "delete" || plan.namespace !== namespace || plan.name !== name || plan.kind.toLowerCase() !== p.kind.toLowerCase()) notFound();
  const { flow } = await loadTeardown(id, plan);
  const kept = plan.claims.filter((c) => c.fate === "unused" || c.fate === "stays");
  const snapshots = plan.claims.filter((c) => c.snapshot);
  return (
    <>
      <LiveRefresh topics={["deployments", "statefulsets", "pods", "persistentvolumeclaims", "persistentvolumes", "volumeattachments", "events"]} namespace={namespace} />
      <PageHeader title={`Deleting ${plan.kind} ${namespace}/${name}`} description="What happens, step by step, until everything it had is gone or kept." />
      <TeardownCard title={`Deletion of ${plan.kind} ${name}`} flow={flow} />
      {kept.length ? (
        <p className="mt-4 text-sm" data-testid="kept-claims">
          Kept:{" "}
          {kept.map((c, i) => (
            <span key={c.claim}>
              {i ? ", " : ""}
              <Link className="text-indigo-700 hover:underline" href={`/claims/${encodeURIComponent(namespace)}/${encodeURIComponent(c.claim)}`}>
                {c.claim}
              </Link>
            </span>
          ))}
          . Delete a claim from its page when you no longer need its data.
        </p>
      ) : null}
      {snapshots.length ? (
        <p className="mt-4 text-sm" data-testid="kept-snapshots">
          Snapshots taken first:{" "}
          {snapshots.map((c, i) => (
            <span key={c.claim}>
              {i ? ", " : ""}
              <Link className="text-indigo-700 hover:underline" href={`/snapshots/${encodeURIComponent(namespace)}/${encodeURIComponent(c.snapshot ?? "")}`}>
                {c.snapshot}
              </Link>{" "}
              (of {c.claim})
            </span>
          ))}
          . Restore one into a new claim from its page.
        </p>
      ) : null}
      <p className="mt-6 text-sm">
        <Link href="/workloads" className="text-indigo-700 hover:underline">
          ← All workloads
        </Link>
      </p>
    </>
  );
}
