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
import { workloadRights } from "@/lib/k8s/workloads";
import { loadTeardown } from "@/lib/flow/load-lifecycle";
import { decodePlan } from "@/lib/validations/workload-lifecycle";
import { WorkloadActions } from "@/components/workloads/workload-actions";
import { RetentionSummary } from "@/components/workloads/retention-summary";
import { TeardownCard } from "@/components/workloads/teardown-card";

export default async function WorkloadFlowPage({
  params,
  searchParams,
}: {
  params: Promise<{ namespace: string; kind: string; name: string }>;
  searchParams: Promise<{ plan?: string }>;
}) {
  const id = await requireSession();
  const p = await params;
  const namespace = decodeURIComponent(p.namespace);
  const name = decodeURIComponent(p.name);
  const data = await loadWorkloadFlow(id, namespace, p.kind, name);
  if (!data) notFound();
  const { workload: w, flow, claimFlows, pods, events } = data;
  // After a scale-down: follow the plan the confirm page showed (pods stop, claims go or stay).
  const plan = decodePlan((await searchParams).plan);
  const [rights, teardown] = await Promise.all([
    workloadRights(id, w.kind, namespace),
    plan?.mode === "scale" && plan.namespace === namespace && plan.name === name && plan.kind === w.kind
      ? loadTeardown(id, plan)
      : undefined,
  ]);
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
        actions={
          <>
            {w.deleting ? <Badge tone="red">deleting</Badge> : null}
            {flow.stalled ? <Badge tone="red">stalled</Badge> : null}
            <WorkloadActions workload={w} rights={rights} />
          </>
        }
      />
      {teardown && plan ? (
        <div className="mb-6">
          <TeardownCard title={`Scaling from ${plan.from} to ${plan.to}`} flow={teardown.flow} />
        </div>
      ) : null}
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
          {w.kind === "StatefulSet" ? (
            <Card>
              <h2 className="mb-2 font-semibold">Claim retention</h2>
              <RetentionSummary retention={w.retention} />
            </Card>
          ) : null}
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
