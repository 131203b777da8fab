import type { DeletionFlow } from "@/lib/flow/deletion";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { FlowCurrent } from "@/components/flow/flow-current";
import { FlowTimeline } from "@/components/flow/flow-timeline";

/** A scale-down or deletion followed step by step, as it happens. */
export function TeardownCard({ title, flow }: { title: string; flow: DeletionFlow }) {
  const done = flow.steps.every((s) => s.status === "done" || s.status === "skipped");
  return (
    <Card className="space-y-3" >
      <h2 className="flex items-center gap-2 text-lg font-semibold" data-testid="teardown-title">
        {title} {done ? <Badge tone="green">finished</Badge> : flow.stalled ? <Badge tone="red">stuck</Badge> : <Badge tone="blue">in progress</Badge>}
      </h2>
      {done ? null : <FlowCurrent current={flow.current} stalled={flow.stalled} />}
      <FlowTimeline steps={flow.steps} label={title} />
    </Card>
  );
}
