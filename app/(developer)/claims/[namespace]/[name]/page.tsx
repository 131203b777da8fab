import Link from "next/link";
import { notFound } from "next/navigation";
import { requireSession } from "@/lib/auth/session";
import { loadClaimFlow } from "@/lib/flow/load";
import { workloadsUsingClaim } from "@/lib/k8s/workloads";
import { Card, Details, PageHeader } from "@/components/ui/card";
import { Badge, PhaseBadge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { TimeAgo } from "@/components/ui/time-ago";
import { EventList } from "@/components/events/event-list";
import { LiveRefresh } from "@/components/live/live-refresh";
import { FlowCurrent } from "@/components/flow/flow-current";
import { FlowDiagram } from "@/components/flow/flow-diagram";
import { FlowTimeline } from "@/components/flow/flow-timeline";
import { ExpandForm } from "@/components/claims/expand-form";
import { UsedBy } from "@/components/claims/used-by";
import { ClaimSnapshotPanel } from "@/components/snapshots/claim-snapshot-panel";
import { UsageMeter } from "@/components/usage/usage-meter";
import { claimUsageFor } from "@/lib/k8s/usage";

export default async function ClaimPage({
  params,
}: {
  params: Promise<{ namespace: string; name: string }>;
}) {
  const id = await requireSession();
  const p = await params;
  const namespace = decodeURIComponent(p.namespace);
  const name = decodeURIComponent(p.name);
  const data = await loadClaimFlow(id, namespace, name);
  if (!data) notFound();
  const { input, flow, events, pods } = data;
  const { claim, pv, storageClass } = input;
  const [workloads, usage] = await Promise.all([workloadsUsingClaim(id, namespace, name), claimUsageFor(namespace, name)]);
  const canGrow = Boolean(storageClass?.allowVolumeExpansion && claim.phase === "Bound" && !claim.deleting);
  const pod = pods.find((x) => x.name === flow.pod);
  return (
    <>
      <LiveRefresh
        topics={[
          "persistentvolumeclaims",
          "persistentvolumes",
          "pods",
          "events",
          "storageclasses",
          "deployments",
          "statefulsets",
        ]}
        namespace={namespace}
        // Only this claim's objects: other teams' churn must not queue refreshes here.
        names={[
          name,
          `pvc-${claim.uid}`,
          ...(pv ? [pv.name] : []),
          ...(claim.storageClass ? [claim.storageClass] : []),
          ...pods.map((x) => x.name),
          ...workloads.map((w) => w.name),
        ]}
      />
      <PageHeader
        title={`${namespace}/${name}`}
        description={
          flow.kind === "dynamic"
            ? "A volume provisioned for this claim, step by step."
            : "A claim bound to a volume the cluster admin made, step by step."
        }
        actions={
          <>
            <PhaseBadge phase={claim.phase} deleting={claim.deleting} />
            {flow.stalled ? <Badge tone="red">stalled</Badge> : null}
            <ButtonLink
              href={`/request/workload?namespace=${encodeURIComponent(namespace)}&claim=${encodeURIComponent(name)}`}
              variant="secondary"
            >
              Run a workload with it
            </ButtonLink>
            <ButtonLink
              href={`/claims/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/delete`}
              variant="danger"
            >
              Delete…
            </ButtonLink>
          </>
        }
      />
      <FlowCurrent current={flow.current} stalled={flow.stalled} />
      <div className="grid gap-6 xl:grid-cols-[1fr_24rem]">
        <div className="space-y-6">
          <FlowDiagram
            kind={flow.kind}
            steps={flow.steps}
            labels={{
              developer: namespace,
              claim: name,
              volume: pv?.name,
              storageClass: storageClass?.name ?? claim.storageClass,
              pod: pod?.name,
              node: pod?.nodeName,
              backend: pv ? `${pv.source.type} ${pv.source.detail}` : undefined,
            }}
          />
          <Card>
            <h2 className="mb-3 text-lg font-semibold">Timeline</h2>
            <FlowTimeline steps={flow.steps} />
          </Card>
        </div>
        <div className="space-y-6">
          <Card>
            <h2 className="mb-2 font-semibold">Usage</h2>
            <UsageMeter usage={usage} name={name} growHref={canGrow ? "#expand" : undefined} />
          </Card>
          <Card>
            <Details
              items={[
                ["Requested", claim.requested],
                ["Capacity", claim.capacity ?? "—"],
                ["Storage class", claim.storageClass ?? "(none)"],
                ["Volume", claim.volumeName ?? "—"],
                ["Reclaim policy", pv?.reclaimPolicy ?? storageClass?.reclaimPolicy ?? "—"],
                ["Access modes", claim.accessModes.join(", ")],
                ["Volume mode", claim.volumeMode],
                ["Selected node", claim.selectedNode ?? "—"],
                ["Created", <TimeAgo key="c" iso={claim.createdAt} />],
              ]}
            />
          </Card>
          <Card>
            <h2 className="mb-2 font-semibold">Used by</h2>
            <UsedBy pods={pods} workloads={workloads} />
          </Card>
          {canGrow ? (
            <Card>
              <h2 id="expand" className="mb-2 scroll-mt-4 font-semibold">
                Expand
              </h2>
              <ExpandForm namespace={namespace} name={name} current={claim.requested} />
            </Card>
          ) : null}
          <ClaimSnapshotPanel id={id} namespace={namespace} name={name} />
          <Card>
            <h2 className="mb-2 font-semibold">Events</h2>
            <EventList events={events} />
          </Card>
        </div>
      </div>
      <p className="mt-6 text-sm">
        <Link href="/claims" className="text-indigo-700 hover:underline">
          ← All claims
        </Link>
      </p>
    </>
  );
}
