import type { FlowStep } from "@/lib/flow/types";

/** The step the flow is at, with the plain-language reason and what to do when it stalls. */
export function FlowCurrent({ current, stalled }: { current: FlowStep | undefined; stalled: boolean }) {
  if (!current) return null;
  return (
    <div
      role={stalled ? "alert" : "status"}
      data-testid="flow-current"
      className={`mb-4 rounded-md px-3 py-2 text-sm ring-1 ${stalled ? "bg-rose-50 text-rose-900 ring-rose-200" : "bg-indigo-50 text-indigo-900 ring-indigo-200"}`}
    >
      <span className="font-semibold">{current.label}: </span>
      {current.reason}
      {current.hint ? <span className="block font-medium">What to do: {current.hint}</span> : null}
    </div>
  );
}
