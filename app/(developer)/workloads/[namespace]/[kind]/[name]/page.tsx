import Link from "next/link";
import { notFound } from "next/navigation";
import { requireSession } from "@/lib/auth/session";
import { loadWorkloadFlow } from "@/lib/flow/load";
import { Card, Details, PageHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";
import { EventList } from "@/components/events/event-list";
import { LiveRefresh } from "@/components/live/live-refresh";
import { FlowCurrent } from "@/components/flow/flow-current";
import { FlowDiagram } from "@/components/flow/flow-diagram";
import { FlowTimeline } from "@/components/flow/flow-timeline";
import { UsedBy } from "@/components/claims/used-by";

export default async function WorkloadFlowPage({
  params,
}: {
  params: Promise<{ namespace: string; kind: string; name: string }>;
}) {
  const id = await requireSession();
  const p = await params;
  const namespace = decodeURIComponent(p.namespace);
  const name = decodeURIComponent(p.name);
  const data = await loadWorkloadFlow(id, namespace, p.kind, name);
  if (!data) notFound();
  const { workload: w, flow, claimFlows, pods, events } = data;
  const firstClaim = claimFlows[0];
  const pod = pods.find((x) => x.name === flow.pod);
  return (
    <>
      <LiveRefresh
        topics={[
          "deployments",
          "statefulsets",
          "pods",
          "persistentvolumeclaims",
          "persistentvolumes",
          "events",
        ]}
        namespace={namespace}
      />
      <PageHeader
        title={`${w.kind} ${namespace}/${name}`}
        description="From request to running container, step by step."
        actions={flow.stalled ? <Badge tone="red">stalled</Badge> : undefined}
      />
      <FlowCurrent current={flow.current} stalled={flow.stalled} />
      <div className="grid gap-6 xl:grid-cols-[1fr_24rem]">
        <div className="space-y-6">
          {firstClaim?.flow ? (
            <FlowDiagram
              kind={firstClaim.flow.kind}
              steps={[
                ...firstClaim.flow.steps.filter((s) => !flow.steps.some((x) => x.id === s.id)),
                ...flow.steps,
              ]}
              labels={{
                developer: namespace,
                claim: firstClaim.name,
                pod: pod?.name,
                node: pod?.nodeName,
                volume:
                  firstClaim.flow.steps.find((s) => s.id === "bound")?.status === "done"
                    ? "bound"
                    : undefined,
              }}
            />
          ) : null}
          <Card>
            <h2 className="mb-3 text-lg font-semibold">Timeline</h2>
            <FlowTimeline steps={flow.steps} label="Workload steps" />
          </Card>
          {claimFlows.map((c) => (
            <Card key={c.name}>
              <h2 className="mb-3 font-semibold">
                Claim{" "}
                <Link
                  className="text-indigo-700 hover:underline"
                  href={`/claims/${encodeURIComponent(namespace)}/${encodeURIComponent(c.name)}`}
                >
                  {c.name}
                </Link>
              </h2>
              {c.flow ? (
                <FlowTimeline steps={c.flow.steps} label={`Steps of claim ${c.name}`} />
              ) : (
                <p className="text-sm text-slate-500">Not created yet.</p>
              )}
            </Card>
          ))}
        </div>
        <div className="space-y-6">
          <Card>
            <Details
              items={[
                ["Kind", w.kind],
                ["Ready", `${w.readyReplicas}/${w.replicas}`],
                ["Image", w.images.join(", ")],
                ["Strategy", w.strategy ?? "—"],
                ["Claims", w.claims.join(", ") || "—"],
                ["Created", <TimeAgo key="c" iso={w.createdAt} />],
              ]}
            />
          </Card>
          <Card>
            <h2 className="mb-2 font-semibold">Pods</h2>
            <UsedBy pods={pods} workloads={[]} />
          </Card>
          <Card>
            <h2 className="mb-2 font-semibold">Events</h2>
            <EventList events={events} />
          </Card>
        </div>
      </div>
      <p className="mt-6 text-sm">
        <Link href="/workloads" className="text-indigo-700 hover:underline">
          ← All workloads
        </Link>
      </p>
    </>
  );
}
