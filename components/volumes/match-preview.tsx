"use client";

import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useLive } from "@/components/live/live-provider";

export interface PreviewClaim {
  namespace: string;
  name: string;
  requested: string;
  accessModes: string[];
  storageClass: string | undefined;
  likely: boolean;
}
export interface PreviewResponse {
  matches: PreviewClaim[];
  /** Pending claims of the same class that will not bind to it, and why. */
  misses: { namespace: string; name: string; requested: string; reasons: string[] }[];
}

type State = { status: "idle" | "loading" } | { status: "done"; data: PreviewResponse } | { status: "error"; message: string };

/**
 * Which Pending claims the volume being typed would bind to, by the PV binder's rules. Asks
 * the portal (which answers from its shared cache) after typing pauses.
 */
export function MatchPreview({ query, onReserve }: { query: string; onReserve: (namespace: string, name: string) => void }) {
  const [state, setState] = useState<State>({ status: "idle" });
  // A claim or volume changing in the cluster can change the answer too, not only typing.
  const [tick, setTick] = useState(0);
  const { subscribe } = useLive();
  useEffect(
    () => subscribe((m) => (m.topic === "persistentvolumeclaims" || m.topic === "persistentvolumes" ? setTick((t) => t + 1) : undefined)),
    [subscribe],
  );
  useEffect(() => {
    const ctrl = new AbortController();
    const t = setTimeout(async () => {
      setState((s) => (s.status === "done" ? s : { status: "loading" }));
      try {
        const res = await fetch(`/api/admin/pv-preview?${query}`, { signal: ctrl.signal, cache: "no-store" });
        if (!res.ok) throw new Error(String(res.status));
        setState({ status: "done", data: (await res.json()) as PreviewResponse });
      } catch {
        if (!ctrl.signal.aborted) setState({ status: "error", message: "The match preview is not available right now." });
      }
    }, 300);
    return () => {
      clearTimeout(t);
      ctrl.abort();
    };
  }, [query, tick]);

  const data = state.status === "done" ? state.data : undefined;
  const likely = data?.matches.find((m) => m.likely);
  return (
    <section aria-label="Claims this volume would bind to" data-testid="match-preview" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 className="text-sm font-semibold">Pending claims this volume would bind to</h2>
      {state.status === "error" ? <p className="mt-2 text-sm text-amber-800">{state.message}</p> : null}
      {state.status === "loading" || state.status === "idle" ? <p className="mt-2 text-sm text-slate-500">Checking…</p> : null}
      {data ? (
        <>
          <p className="mt-2 text-sm" data-testid="likely-claim">
            {likely ? (
              <>
                Most likely: <strong>{likely.namespace}/{likely.name}</strong> ({likely.requested}) — the binder gives each claim the smallest volume that fits, oldest claim first.
              </>
            ) : data.matches.length ? (
              "Each matching claim has a better-fitting volume already; this one would stay Available."
            ) : (
              "No pending claim matches: the volume will be Available until a claim asks for it."
            )}
          </p>
          {data.matches.length ? (
            <ul className="mt-2 divide-y divide-slate-100 text-sm" aria-label="Matching claims">
              {data.matches.map((m) => (
                <li key={`${m.namespace}/${m.name}`} data-testid={`match-${m.namespace}-${m.name}`} className="flex items-center gap-2 py-1">
                  <span className="flex-1">
                    {m.namespace}/{m.name} <span className="text-slate-500">· {m.requested} · {m.accessModes.join(", ")}</span>
                  </span>
                  {m.likely ? <Badge tone="green">likely</Badge> : null}
                  <Button type="button" variant="ghost" className="text-xs" onClick={() => onReserve(m.namespace, m.name)}>
                    Reserve for it
                  </Button>
                </li>
              ))}
            </ul>
          ) : null}
          {data.misses.length ? (
            <details className="mt-3 text-xs text-slate-600">
              <summary>{data.misses.length} pending claim(s) of this class will not bind to it</summary>
              <ul className="mt-1 space-y-1">
                {data.misses.map((m) => (
                  <li key={`${m.namespace}/${m.name}`}>
                    {m.namespace}/{m.name} ({m.requested}): {m.reasons.join("; ")}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
