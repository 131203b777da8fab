import type { EventRow } from "@/lib/k8s/events";
import { Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";

export function EventList({ events }: { events: EventRow[] }) {
  if (events.length === 0) return <p className="text-sm text-slate-500">No events recorded.</p>;
  return (
    <ol className="space-y-2 text-sm" aria-label="Events">
      {events.map((e) => (
        <li key={`${e.namespace}/${e.name}`} className="space-y-0.5">
          {/* Reason on its own line: long reasons must not squeeze the message in narrow columns. */}
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={e.type === "Warning" ? "red" : "gray"}>{e.reason}</Badge>
            <span className="text-xs text-slate-500">
              {e.source}
              {e.count > 1 ? ` ×${e.count}` : ""} · <TimeAgo iso={e.lastAt} /> ago
            </span>
          </div>
          <p className="break-words">{e.message}</p>
        </li>
      ))}
    </ol>
  );
}
