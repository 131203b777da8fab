import { requireAdmin } from "@/lib/auth/session";
import { usageSourceStatus } from "@/lib/k8s/usage";
import { Card, Details, PageHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { age } from "@/components/ui/time-ago";
import { UsageTabs } from "@/components/usage/usage-tabs";

export const metadata = { title: "Usage source" };

const KIND = { summary: "kubelet Summary API", prometheus: "Prometheus", none: "none" } as const;

function duration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  return `${Math.round(ms / 1000)} s`;
}

/** Where volume usage comes from and how its last collection went (issue 14). */
export default async function UsageSourcePage() {
  await requireAdmin();
  const st = await usageSourceStatus();
  const at = st.collectedAt ? new Date(st.collectedAt).toISOString() : undefined;
  const health = st.kind === "none" ? (
    <Badge tone="gray">off</Badge>
  ) : st.unreachable ? (
    <Badge tone="red">unreachable</Badge>
  ) : !st.collectedAt ? (
    <Badge tone="yellow">first collection pending</Badge>
  ) : st.errors.length ? (
    <Badge tone="yellow">partial</Badge>
  ) : (
    <Badge tone="green">ok</Badge>
  );
  return (
    <>
      <PageHeader title="Usage source" description="Where the used / capacity figures of claims come from, shared by everyone using this portal replica." />
      <UsageTabs current="/admin/usage-source" />
      <Card>
        <div data-testid="usage-source-status">
          <Details
            items={[
              ["Source", <span key="k" data-testid="usage-source-kind">{KIND[st.kind]} {health}</span>],
              ["Reads", st.description],
              ["Refreshed", `at most every ${duration(st.refreshMs)}, when someone looks`],
              ["History window", st.kind === "prometheus" ? `${duration(st.windowMs)} (maximum used over the window)` : "none: current value only"],
              ["Last collection", at ? <time key="t" dateTime={at} title={at} data-testid="usage-collected-at">{age(at)} ago</time> : "never"],
              ["Took", st.collectedAt ? <span key="d" data-testid="usage-took">{st.tookMs} ms</span> : "—"],
              ["Claims measured", String(st.claims)],
              [
                "All claims now",
                <span key="c" data-testid="usage-coverage">
                  {st.coverage.known} with a figure, {st.coverage["not-mounted"]} not mounted, {st.coverage["no-stats"]} mounted without stats, {st.coverage["not-collected"]} not collected yet
                  {st.coverage["no-source"] ? `, ${st.coverage["no-source"]} without a source` : ""}
                </span>,
              ],
              ...(st.nodes !== undefined ? ([["Nodes asked", String(st.nodes)]] as [string, React.ReactNode][]) : []),
              ["Refreshing now", st.refreshing ? "yes" : "no"],
            ]}
          />
        </div>
        {st.problem ? <p className="mt-3 text-sm text-red-700">Configuration: {st.problem}</p> : null}
        {st.errors.length ? (
          <div className="mt-4">
            <h2 className="mb-1 text-sm font-semibold">Problems in the last collection</h2>
            <ul className="list-disc pl-5 text-sm text-red-700" data-testid="usage-errors">
              {st.errors.slice(0, 50).map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
            {st.errors.length > 50 ? <p className="text-xs text-slate-600">and {st.errors.length - 50} more</p> : null}
          </div>
        ) : null}
      </Card>
      <Card className="mt-6">
        <h2 className="mb-2 text-sm font-semibold">Choosing the source</h2>
        <p className="text-sm text-slate-700">
          Set <code>PROMETHEUS_URL</code> (Helm: <code>usage.prometheusUrl</code>) to read <code>kubelet_volume_stats_*</code> from Prometheus: recommended, and the only
          source with history for the &quot;empty&quot; and &quot;over-sized&quot; advice. The kubelet Summary API needs the portal to hold <code>get nodes/proxy</code>, which
          reaches every kubelet&apos;s API; grant it only if you accept that (Helm: <code>rbac.nodesProxy=true</code>). <code>BINDERY_USAGE_SOURCE</code> forces a choice.
        </p>
      </Card>
    </>
  );
}
