"use client";

import Link from "next/link";
import { useState } from "react";
import { age } from "@/components/ui/time-ago";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { REASON_LABELS, type Finding, type SinceSource } from "@/lib/unused/types";
import type { TableRow } from "@/lib/unused/table-row";
import { queryString, type ReviewQuery, type SortKey } from "@/lib/validations/unused";
import { CleanupPanel } from "./cleanup-panel";

const SOURCE: Record<SinceSource, string> = {
  created: "since it was created",
  "phase-transition": "since its phase changed",
  "cluster-condition": "per the cluster's Unused condition",
  "portal-last-seen": "last seen mounted by the portal",
  "portal-start": "not seen mounted since the portal started",
  "usage-window": "highest usage over this window",
  "usage-now": "current value only (no history)",
};

function SortHeader({ label, sortKey, query, className }: { label: string; sortKey: SortKey; query: ReviewQuery; className?: string }) {
  const active = query.sort === sortKey;
  const dir = active && query.dir === "asc" ? "desc" : "asc";
  return (
    <Th className={className}>
      <span aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : undefined}>
        <Link prefetch={false} href={queryString(query, { sort: sortKey, dir, page: 1 })} className="hover:underline">
          {label}
          {active ? (query.dir === "asc" ? " ▲" : " ▼") : ""}
        </Link>
      </span>
    </Th>
  );
}

export function objectHref(f: Pick<Finding, "kind" | "namespace" | "name">): string {
  return f.kind === "PersistentVolume" ? `/admin/volumes/${encodeURIComponent(f.name)}` : `/claims/${encodeURIComponent(f.namespace)}/${encodeURIComponent(f.name)}`;
}

interface Props {
  rows: TableRow[];
  query: ReviewQuery;
  /** Server clock at render, so ages match between server HTML and hydration. */
  now: number;
  /** Kept rows are listed for the record, never selectable. */
  selectable: boolean;
}

/** One page of findings with selection; the cleanup panel works on the selected rows. */
export function ReviewTable({ rows, query, now, selectable }: Props) {
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const selected = rows.filter((r) => picked.has(r.id)).map((r) => r.id);
  const pickable = rows.filter((r) => !r.reclaimable);
  const allPicked = pickable.length > 0 && selected.length === pickable.length;
  const toggle = (id: string, on: boolean) =>
    setPicked((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <>
      {selectable ? <CleanupPanel selected={selected} pending={query.pending} onDone={() => setPicked(new Set())} /> : null}
      <Table label={selectable ? "Unused volumes and claims" : "Kept volumes and claims"}>
        <thead className="bg-slate-50">
          <tr>
            {selectable ? (
              <Th className="w-8">
                <input type="checkbox" aria-label="Select all rows on this page" checked={allPicked} onChange={(e) => setPicked(e.target.checked ? new Set(pickable.map((r) => r.id)) : new Set())} />
              </Th>
            ) : null}
            <SortHeader label="Name" sortKey="name" query={query} />
            <SortHeader label="Namespace" sortKey="namespace" query={query} />
            <SortHeader label="Reason" sortKey="reason" query={query} />
            <SortHeader label="Unused for" sortKey="since" query={query} />
            <SortHeader label="Capacity" sortKey="capacity" query={query} />
            <SortHeader label="Class" sortKey="class" query={query} />
            <Th>Volume · reclaim</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((f) => (
            <tr key={f.id} data-testid={`unused-row-${f.id}`} className={picked.has(f.id) ? "bg-indigo-50" : undefined}>
              {selectable ? (
                <Td>
                  {/* Usage advice is about a claim in use: resize it, never clean it up from here. */}
                  {f.reclaimable ? null : <input type="checkbox" aria-label={`Select ${f.namespace ? `${f.namespace}/` : ""}${f.name}`} checked={picked.has(f.id)} onChange={(e) => toggle(f.id, e.target.checked)} />}
                </Td>
              ) : null}
              <Td>
                <Badge tone={f.kind === "PersistentVolume" ? "purple" : "blue"}>{f.kind === "PersistentVolume" ? "PV" : "PVC"}</Badge>{" "}
                {/* A plain link: fifty router links cost more to render than the rest of the row. */}
                <a href={objectHref(f)} className="font-medium text-indigo-700 hover:underline">
                  {f.name}
                </a>
              </Td>
              <Td>{f.namespace || "—"}</Td>
              <Td>
                <div className="w-80 whitespace-normal break-words">
                  <span className="font-medium">{REASON_LABELS[f.reason]}</span>
                  <p className="text-xs text-slate-600">{f.detail}</p>
                  {f.keptBecause ? <p className="text-xs font-medium text-emerald-800">Kept: {f.keptBecause}</p> : null}
                  {f.reclaimable ? (
                    <p className="text-xs font-medium text-amber-800" data-testid="advice-reclaimable">
                      Advice: {f.reclaimable} could be given back (in use: resize or move, no cleanup)
                    </p>
                  ) : null}
                </div>
              </Td>
              <Td>
                <div className="w-32 whitespace-normal">
                  {f.sinceSource === "usage-now" ? (
                    <span>now</span>
                  ) : (
                    <span title={f.since}>
                      {f.sinceSource === "portal-start" ? "≥ " : ""}
                      {age(f.since, now)}
                    </span>
                  )}
                  <p className="text-xs text-slate-500">{SOURCE[f.sinceSource]}</p>
                </div>
              </Td>
              <Td className="tabular-nums">{f.capacity || "—"}</Td>
              <Td>{f.storageClass || "—"}</Td>
              <Td className="text-xs">
                <div className="max-w-56 space-y-1 whitespace-normal break-all">
                  {f.volumeName && f.kind === "PersistentVolumeClaim" ? <p className="font-mono">{f.volumeName}</p> : null}
                  {f.reclaimPolicy ? <Badge tone={f.reclaimPolicy === "Retain" ? "green" : "red"}>{f.reclaimPolicy}</Badge> : "—"}
                </div>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
