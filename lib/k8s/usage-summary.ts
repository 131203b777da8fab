import "server-only";
import { request } from "./rest";
import { cached } from "./informers";
import { K8sError } from "./errors";
import type { KubeObject } from "./types";
import { Limiter } from "@/lib/live/limiter";
import { addSummary, type SummaryDoc } from "@/lib/usage/summary";
import type { VolumeUsage } from "@/lib/usage/types";

// The kubelet Summary API through the apiserver's node proxy: one request per node per
// refresh (never per claim), at most NODE_CONCURRENCY at once. Needs `get nodes/proxy`, a
// powerful right that deployments grant only when the admin opts in (SECURITY.md).

const NODE_CONCURRENCY = 8;
const NODE_TIMEOUT_MS = 10_000;

type RawNode = KubeObject & { status?: { conditions?: { type: string; status: string }[] } };

export interface SummaryCollection {
  byClaim: Map<string, VolumeUsage>;
  errors: string[];
  failedNodes: string[];
  nodes: number;
}

const ready = (n: RawNode) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

function problem(e: unknown): string {
  if (e instanceof K8sError) return e.status ? `${e.status} ${e.message}` : e.message;
  return e instanceof Error ? e.message : String(e);
}

/** Reads /stats/summary of every Ready node; a node that fails is named, the others still count. */
export async function collectSummary(limiter = new Limiter(NODE_CONCURRENCY)): Promise<SummaryCollection> {
  const nodes = await cached<RawNode>("nodes");
  const out: SummaryCollection = { byClaim: new Map(), errors: [], failedNodes: [], nodes: nodes.length };
  await Promise.all(
    nodes.map(async (n) => {
      const name = n.metadata.name;
      if (!ready(n)) {
        // A NotReady node's kubelet would only time out; say so instead of waiting.
        out.failedNodes.push(name);
        out.errors.push(`node ${name}: not Ready, skipped`);
        return;
      }
      try {
        const doc = await limiter.run(() =>
          request<SummaryDoc>({ path: `/api/v1/nodes/${encodeURIComponent(name)}/proxy/stats/summary`, timeoutMs: NODE_TIMEOUT_MS }),
        );
        addSummary(out.byClaim, doc, Date.now());
      } catch (e) {
        out.failedNodes.push(name);
        out.errors.push(`node ${name}: ${problem(e)}`);
      }
    }),
  );
  out.failedNodes.sort();
  out.errors.sort();
  return out;
}
