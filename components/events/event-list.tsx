import type { EventRow } from "@/lib/k8s/events";
import { Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";

export function EventList({ events }: { events: EventRow[] }) {
  if (events.length === 0) return <p className="text-sm text-slate-500">No events recorded.</p>;
  return (
    <ol className="space-y-2 text-sm" aria-label="Events">
      {events.map((e) => (
        <li key={`${e.namespace}/${e.name}`} className="flex gap-3">
          <Badge tone={e.type === "Warning" ? "red" : "gray"}>{e.reason}</Badge>
          <span className="flex-1">
            {e.message}
            <span className="ml-2 text-xs text-slate-500">
              {e.source}
              {e.count > 1 ? ` ×${e.count}` : ""} · <TimeAgo iso={e.lastAt} /> ago
            </span>
          </span>
        </li>
      ))}
    </ol>
  );
}
