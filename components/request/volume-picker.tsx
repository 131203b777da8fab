"use client";

import { useEffect, useState } from "react";
import { VOLUME_SEARCH_PAGE, volumeSearchSchema, type VolumeOption, type VolumeSearchResult } from "@/lib/validations/volume-search";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/field";

const DEBOUNCE_MS = 200;

interface Wanted {
  requested: string;
  accessMode: string;
  volumeMode: string;
}

type Answer = { key: string; result: VolumeSearchResult } | { key: string; error: string };

/**
 * Available volumes that would match the claim as typed so far (the manual flow), smallest
 * fit first like the binder. The server searches its cache and sends one page: a cluster
 * with thousands of volumes never ships its volume list to the browser.
 */
export function VolumePicker({
  claim,
  value,
  known,
  onChange,
  error,
}: {
  claim: Wanted;
  value: string | undefined;
  /** The form already has the chosen volume's details (else the server sends them). */
  known: boolean;
  onChange: (volume: VolumeOption) => void;
  error?: string;
}) {
  const [filter, setFilter] = useState("");
  const [page, setPage] = useState(1);
  const [answer, setAnswer] = useState<Answer>();
  const search = volumeSearchSchema.safeParse({ size: claim.requested, accessMode: claim.accessMode, volumeMode: claim.volumeMode, q: filter, page, selected: value && !known ? value : undefined });
  const params = search.success ? new URLSearchParams(Object.entries(search.data).filter((e) => e[1] !== undefined && e[1] !== "").map(([k, v]) => [k, String(v)])).toString() : "";

  useEffect(() => {
    if (!params) return;
    const ctl = new AbortController();
    const t = setTimeout(async () => {
      try {
        const res = await fetch(`/api/volumes/available?${params}`, { signal: ctl.signal });
        const body = (await res.json()) as VolumeSearchResult & { error?: string };
        setAnswer(res.ok ? { key: params, result: body } : { key: params, error: body.error ?? "The volume list is not available right now." });
      } catch {
        if (!ctl.signal.aborted) setAnswer({ key: params, error: "The volume list is not available right now." });
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [params]);

  const chosen = answer && "result" in answer ? answer.result.selected : undefined;
  // The form learns the chosen volume's class even when it came back from a refused submit.
  useEffect(() => {
    if (chosen && chosen.name === value) onChange(chosen);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chosen?.name, chosen?.storageClass]);

  if (!search.success) {
    return <p className="text-sm text-slate-600">Enter a valid size, access mode and volume mode to see the volumes that match.</p>;
  }
  const loading = !answer || answer.key !== params;
  const result = answer && "result" in answer ? answer.result : undefined;
  if (answer && "error" in answer) return <p className="text-sm text-red-700">{answer.error}</p>;
  if (result && result.total === 0 && !filter && !loading) {
    return (
      <p className="text-sm text-amber-800" data-testid="no-matching-volume">
        No available volume matches this size, access mode and volume mode ({result.available.toLocaleString("en")} available in total).
      </p>
    );
  }
  const shown = result?.items ?? [];
  const from = result && result.total ? (result.page - 1) * VOLUME_SEARCH_PAGE + 1 : 0;
  return (
    <div className="space-y-2" aria-busy={loading}>
      <input
        aria-label="Filter volumes"
        placeholder={result ? `Filter ${result.total.toLocaleString("en")} matching volumes by name or class` : "Filter matching volumes by name or class"}
        className={inputClass()}
        value={filter}
        onChange={(e) => {
          setFilter(e.target.value);
          setPage(1);
        }}
      />
      <div role="radiogroup" aria-label="Available volume" aria-invalid={error ? true : undefined} className={cn("space-y-2", loading && "opacity-60")}>
        {result && shown.length === 0 ? <p className="text-sm text-slate-600">No matching volume has “{filter}” in its name or class.</p> : null}
        {shown.map((v) => (
          <label
            key={v.name}
            data-testid={`volume-option-${v.name}`}
            className={cn("flex cursor-pointer items-center gap-3 rounded-md bg-white p-2 text-sm ring-1", value === v.name ? "ring-2 ring-indigo-500" : "ring-slate-200")}
          >
            <input type="radio" name="volumeName" value={v.name} checked={value === v.name} onChange={() => onChange(v)} />
            <span className="font-medium">{v.name}</span>
            <span className="text-slate-600">{v.capacity}</span>
            <span className="text-slate-500">class {v.storageClass || "(none)"}</span>
            <span className="text-slate-500">{v.accessModes.join(", ")}</span>
            <span className="text-slate-500">{v.sourceType}</span>
            <span className="text-slate-500">reclaim {v.reclaimPolicy}</span>
          </label>
        ))}
        {/* The chosen volume stays in the form while another page is shown. */}
        {value && !shown.some((v) => v.name === value) ? <input type="hidden" name="volumeName" value={value} /> : null}
      </div>
      {result && result.pages > 1 ? (
        <div className="flex items-center gap-3 text-xs text-slate-600" data-testid="volume-pager">
          <span>
            {from.toLocaleString("en")}–{(from + shown.length - 1).toLocaleString("en")} of {result.total.toLocaleString("en")}
          </span>
          <button type="button" className="text-indigo-700 disabled:text-slate-400" disabled={result.page <= 1} onClick={() => setPage(result.page - 1)}>
            ‹ Previous
          </button>
          <button type="button" className="text-indigo-700 disabled:text-slate-400" disabled={result.page >= result.pages} onClick={() => setPage(result.page + 1)}>
            Next ›
          </button>
        </div>
      ) : null}
    </div>
  );
}
