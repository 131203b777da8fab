import Link from "next/link";
import type { ClaimFate, ClaimPlan } from "@/lib/flow/scale-preview";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";

const FATE: Record<ClaimFate, { label: string; tone: "gray" | "green" | "yellow" | "red" | "blue" }> = {
  stays: { label: "stays", tone: "green" },
  unused: { label: "stays, unused", tone: "yellow" },
  deleted: { label: "deleted", tone: "red" },
  created: { label: "created", tone: "blue" },
  reused: { label: "mounted again", tone: "blue" },
};

/**
 * Per claim, what the confirmed action does: stays, becomes unused, deleted (and by whom),
 * and what then happens to the data on its volume.
 */
export function ClaimPlanTable({ namespace, claims }: { namespace: string; claims: ClaimPlan[] }) {
  if (claims.length === 0) return <p className="text-sm text-slate-600">No claim is affected.</p>;
  return (
    <Table label="What happens to each claim">
      <thead className="bg-slate-50">
        <tr>
          <Th>Claim</Th>
          <Th>Outcome</Th>
          <Th>Why</Th>
          <Th>Data</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {claims.map((c) => (
          <tr key={c.claim} data-testid={`plan-claim-${c.claim}`} data-fate={c.fate}>
            <Td className="font-medium">
              {c.fate === "created" ? (
                c.claim
              ) : (
                <Link className="text-indigo-700 hover:underline" href={`/claims/${encodeURIComponent(namespace)}/${encodeURIComponent(c.claim)}`}>
                  {c.claim}
                </Link>
              )}
            </Td>
            <Td>
              <Badge tone={FATE[c.fate].tone}>{FATE[c.fate].label}</Badge>
              {c.deletedBy === "retention-policy" ? <span className="ml-1 text-xs text-slate-500">by the retention policy</span> : null}
            </Td>
            <Td className="text-slate-700">{c.why}</Td>
            <Td className="text-slate-700">{c.data}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
