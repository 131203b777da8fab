import type { PersistentVolumeRow } from "@/lib/k8s/persistent-volumes";

const DELETING_FINALIZERS = ["kubernetes.io/pv-controller", "external-provisioner.volume.kubernetes.io/finalizer"];

/** What deleting this volume object does to the data, from its reclaim policy and finalizers. */
export function ReclaimExplanation({ pv }: { pv: PersistentVolumeRow }) {
  const deleter = pv.finalizers.find((f) => DELETING_FINALIZERS.includes(f));
  const where = `${pv.source.type} ${pv.source.detail}`.trim();
  return (
    <ul className="list-disc space-y-1 pl-5 text-sm" aria-label="What happens to the data">
      {pv.phase === "Bound" && pv.claim ? (
        <li>
          It is bound to claim <strong>{pv.claim.namespace}/{pv.claim.name}</strong>. Kubernetes keeps the volume (Terminating) until that claim is
          deleted, so pods using it keep working until then.
        </li>
      ) : null}
      {pv.reclaimPolicy === "Retain" ? (
        <li>
          Reclaim policy <strong>Retain</strong>: only the Kubernetes object goes. The data stays on the storage ({where}); remove it there by hand when
          it is no longer needed.
        </li>
      ) : deleter ? (
        <li>
          Reclaim policy <strong>Delete</strong>: {pv.provisionedBy ? `the provisioner ${pv.provisionedBy}` : "Kubernetes"} deletes the storage and all
          data on it ({where}) before the object goes (finalizer <code>{deleter}</code>). This cannot be undone.
        </li>
      ) : (
        <li>
          Reclaim policy <strong>Delete</strong>, but no controller is set to delete the storage when this object is deleted: the data most likely stays
          on the storage ({where}). It is deleted automatically only when a claim releases the volume.
        </li>
      )}
      {pv.finalizers.length ? (
        <li>
          Finalizers on it ({pv.finalizers.join(", ")}) are left to their controllers; the portal never removes them. If deletion hangs, it waits for
          them.
        </li>
      ) : null}
    </ul>
  );
}
