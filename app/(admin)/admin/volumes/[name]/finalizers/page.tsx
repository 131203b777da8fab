import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { getPersistentVolume } from "@/lib/k8s/persistent-volumes";
import { eventsFor } from "@/lib/k8s/events";
import { volumeHoldups, finalizerRisk } from "@/lib/flow/finalizers";
import { Card, PageHeader } from "@/components/ui/card";
import { LiveRefresh } from "@/components/live/live-refresh";
import { HoldupList } from "@/components/flow/holdup-list";
import { RemoveFinalizerForm } from "@/components/volumes/remove-finalizer-form";

export const metadata = { title: "Remove a finalizer" };

/** Admins only: lift a finalizer from a volume stuck deleting, after reading what it protects. */
export default async function RemoveFinalizerPage({ params }: { params: Promise<{ name: string }> }) {
  const id = await requireAdmin();
  const name = decodeURIComponent((await params).name);
  const pv = await getPersistentVolume(name);
  if (!pv) notFound();
  const back = `/admin/volumes/${encodeURIComponent(pv.name)}`;
  const events = await eventsFor(id, { kind: "PersistentVolume", name: pv.name });
  return (
    <>
      <LiveRefresh topics={["persistentvolumes", "events"]} names={[pv.name]} />
      <PageHeader title={`Remove a finalizer from ${pv.name}?`} description="Finalizers make sure something is finished before the object goes. Removing one skips that work; prefer fixing its cause." />
      {!pv.deleting || pv.finalizers.length === 0 ? (
        <Card className="text-sm">
          <p data-testid="nothing-to-remove">This volume is not stuck deleting; there is nothing to remove.</p>
        </Card>
      ) : (
        <>
          <HoldupList what={`volume ${pv.name}`} holdups={volumeHoldups(pv, events)} />
          <div className="space-y-4">
            {pv.finalizers.map((f) => (
              <Card key={f}>
                <RemoveFinalizerForm pv={pv} finalizer={f} warning={finalizerRisk(f)} cancelHref={back} />
              </Card>
            ))}
          </div>
        </>
      )}
    </>
  );
}
