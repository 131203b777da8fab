import Link from "next/link";
import type { Holdup } from "@/lib/flow/finalizers";

/** Why an object that is being deleted is still here: one line per finalizer, and what to do. */
export function HoldupList({ what, holdups }: { what: string; holdups: Holdup[] }) {
  const stuck = holdups.some((h) => h.stuck);
  return (
    <div
      role={stuck ? "alert" : "status"}
      data-testid="deleting-holdups"
      className={`mb-4 space-y-2 rounded-md px-3 py-2 text-sm ring-1 ${stuck ? "bg-rose-50 text-rose-900 ring-rose-200" : "bg-indigo-50 text-indigo-900 ring-indigo-200"}`}
    >
      <p className="font-semibold">Deleting {what}: {holdups.length ? "waiting on" : "almost done."}</p>
      {holdups.map((h) => (
        <div key={h.finalizer} data-finalizer={h.finalizer}>
          <p>{h.reason}</p>
          {h.links?.length ? (
            <p className="flex flex-wrap gap-x-3">
              {h.links.map((l) => (
                <Link key={l.href} href={l.href} className="text-indigo-700 hover:underline">
                  {l.label}
                </Link>
              ))}
            </p>
          ) : null}
          <p className="font-medium">What to do: {h.hint}</p>
        </div>
      ))}
    </div>
  );
}
