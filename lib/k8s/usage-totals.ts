import "server-only";
import { cached } from "./informers";
import type { KubeObject } from "./types";
import { getUsageSnapshot } from "./usage";
import { parseQuantity } from "@/lib/quantity";
import { usageTotals, type UsageTotals, type UsageTotalsInput } from "@/lib/usage/totals";
import { claimKey } from "@/lib/usage/types";

type RawPVC = KubeObject & { spec?: { storageClassName?: string | null; resources?: { requests?: { storage?: string } } } };

/** Requested vs used per class and namespace over every cached claim: one Map lookup each. */
export async function clusterUsageTotals(): Promise<UsageTotals & { collectedAt: number; source: string }> {
  const [claims, snapshot] = await Promise.all([cached<RawPVC>("persistentvolumeclaims"), getUsageSnapshot()]);
  function* rows(): Generator<UsageTotalsInput> {
    for (const c of claims) {
      const ns = c.metadata.namespace ?? "";
      yield {
        namespace: ns,
        storageClass: c.spec?.storageClassName ?? "",
        requestedBytes: parseQuantity(c.spec?.resources?.requests?.storage) ?? 0,
        usage: snapshot.byClaim.get(claimKey(ns, c.metadata.name)),
      };
    }
  }
  return { ...usageTotals(rows()), collectedAt: snapshot.collectedAt, source: snapshot.source };
}
