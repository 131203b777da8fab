import "server-only";
import os from "node:os";
import { informer } from "./informers";
import { createObject, deleteObject, patchObject } from "./writes";
import { isK8sError, safeMessage } from "./errors";
import type { Identity } from "./identity";
import type { KubeObject } from "./types";
import { REASON_LABELS, type Finding, type PVLike } from "@/lib/unused/types";
import type { CleanupItemResult, PreviewItem } from "@/lib/unused/cleanup-types";
import type { CleanupItem } from "@/lib/validations/unused";
import { log } from "@/lib/log";

/**
 * Reviewed cleanup: dry-run preview, then deletes as the signed-in admin with uid +
 * resourceVersion preconditions (nothing that changed since the preview is deleted), and a
 * BinderyCleanup Event per deleted object so the cluster keeps the audit trail.
 */

const CONCURRENCY = 4;

export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

type RawPV = KubeObject & PVLike & { spec?: PVLike["spec"] & Record<string, unknown> };

function sourceOf(pv: RawPV): string {
  const spec = (pv.spec ?? {}) as Record<string, { path?: string; server?: string; driver?: string; volumeHandle?: string } | undefined>;
  if (spec.hostPath) return `hostPath ${spec.hostPath.path ?? ""}`;
  if (spec.local) return `local ${spec.local.path ?? ""}`;
  if (spec.nfs) return `nfs ${spec.nfs.server ?? ""}:${spec.nfs.path ?? ""}`;
  if (spec.csi) return `csi ${spec.csi.driver ?? ""} ${spec.csi.volumeHandle ?? ""}`;
  return "its storage backend";
}

function fateOf(f: Finding, pv: RawPV | undefined): Pick<PreviewItem, "fate" | "fateText" | "volume"> {
  if (!pv) {
    return { fate: "none", fateText: f.kind === "PersistentVolumeClaim" ? "No volume was provisioned; only the claim object goes." : "Volume not found in the cache.", volume: undefined };
  }
  const policy = pv.spec?.persistentVolumeReclaimPolicy ?? "Retain";
  const volume = { name: pv.metadata.name, resourceVersion: pv.metadata.resourceVersion ?? "", reclaimPolicy: policy, source: sourceOf(pv) };
  const src = volume.source;
  if (policy === "Retain") {
    const text =
      f.kind === "PersistentVolumeClaim"
        ? `Volume ${pv.metadata.name} (Retain) becomes Released; its data stays on ${src}.`
        : `Reclaim policy Retain: only the PersistentVolume object goes; the data stays on ${src}.`;
    return { fate: "kept", fateText: text, volume };
  }
  const text =
    f.kind === "PersistentVolumeClaim"
      ? `Volume ${pv.metadata.name} has reclaim policy ${policy}: its data on ${src} is destroyed.`
      : `Reclaim policy ${policy}: the data on ${src} is destroyed.`;
  return { fate: "destroyed", fateText: text, volume };
}

function keyOf(f: Pick<Finding, "kind">): "persistentvolumes" | "persistentvolumeclaims" {
  return f.kind === "PersistentVolume" ? "persistentvolumes" : "persistentvolumeclaims";
}

/** Dry-run deletes (as the admin, with preconditions) and what happens to each volume's data. */
export async function previewCleanup(as: Identity, findings: Finding[]): Promise<PreviewItem[]> {
  const pvs = informer<RawPV>("persistentvolumes");
  return mapLimit(findings, CONCURRENCY, async (f) => {
    const pv = f.volumeName ? pvs.get(f.volumeName) : undefined;
    let dryRun: PreviewItem["dryRun"] = { ok: true };
    try {
      await deleteObject(keyOf(f), f.name, {
        as,
        namespace: f.namespace || undefined,
        dryRun: true,
        preconditions: { uid: f.uid, resourceVersion: f.resourceVersion },
      });
    } catch (e) {
      dryRun = { ok: false, message: failureText(e) };
    }
    return {
      id: f.id,
      kind: f.kind,
      namespace: f.namespace,
      name: f.name,
      uid: f.uid,
      resourceVersion: f.resourceVersion,
      reason: f.reason,
      detail: f.detail,
      capacity: f.capacity,
      storageClass: f.storageClass,
      ...fateOf(f, pv),
      dryRun,
    };
  });
}

function failureText(e: unknown): string {
  if (isK8sError(e) && e.kind === "conflict") return "It changed since the preview; nothing was deleted. Review it again.";
  if (isK8sError(e) && e.kind === "not-found") return "It no longer exists.";
  return safeMessage(e);
}

interface RunOptions {
  retain: boolean;
  /** The review computed right now: only objects still unused are deleted. */
  current: Map<string, Finding>;
}

/** Deletes each confirmed object; a failure never stops the others. */
export async function runCleanup(as: Identity, items: CleanupItem[], opts: RunOptions): Promise<CleanupItemResult[]> {
  return mapLimit(items, CONCURRENCY, (item) => cleanOne(as, item, opts));
}

async function cleanOne(as: Identity, item: CleanupItem, opts: RunOptions): Promise<CleanupItemResult> {
  const f = opts.current.get(item.id);
  const [kindTag, rest = ""] = item.id.split(":");
  const [ns, nm] = kindTag === "pvc" ? rest.split("/") : ["", rest];
  const base = { id: item.id, kind: (kindTag === "pv" ? "PersistentVolume" : "PersistentVolumeClaim") as Finding["kind"], namespace: ns ?? "", name: nm ?? "", retained: false, eventRecorded: false };
  if (!f) return { ...base, outcome: "skipped", message: "No longer unused (in use, kept or gone); not deleted." };
  if (f.uid !== item.uid) return { ...base, outcome: "skipped", message: "A different object now has this name; not deleted." };
  let resourceVersion = item.resourceVersion;
  let retained = false;
  try {
    if (opts.retain && item.volume && f.volumeName === item.volume.name && f.reclaimPolicy !== "Retain") {
      // Same precondition idea: the patch carries the previewed resourceVersion.
      const patched = await patchObject<KubeObject>(
        "persistentvolumes",
        item.volume.name,
        { metadata: { resourceVersion: item.volume.resourceVersion }, spec: { persistentVolumeReclaimPolicy: "Retain" } },
        { as },
      );
      retained = true;
      if (f.kind === "PersistentVolume") resourceVersion = patched.metadata.resourceVersion ?? resourceVersion;
    }
    await deleteObject(keyOf(f), f.name, { as, namespace: f.namespace || undefined, preconditions: { uid: item.uid, resourceVersion } });
  } catch (e) {
    const msg = failureText(e);
    return { ...base, retained, outcome: "failed", message: retained ? `${msg} (its volume was switched to Retain)` : msg };
  }
  const eventRecorded = await recordCleanupEvent(as, f, retained);
  const fate = retained || f.reclaimPolicy === "Retain" ? "data kept" : f.volumeName ? "data deleted with the volume" : "no volume";
  return { ...base, retained, eventRecorded, outcome: "deleted", message: `Deleted (${fate}).${eventRecorded ? "" : " The audit event could not be recorded."}` };
}

function microTime(d = new Date()): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** A core/v1 Event about the deleted object, created as the admin (so RBAC and audit show who). */
async function recordCleanupEvent(as: Identity, f: Finding, retained: boolean): Promise<boolean> {
  const namespace = f.namespace || "default";
  const note = `${as.user} deleted ${f.kind} ${f.namespace ? `${f.namespace}/` : ""}${f.name} in the Bindery unused review. Reason: ${REASON_LABELS[f.reason]} — ${f.detail}.${retained ? " Reclaim policy switched to Retain first; data kept." : ""}`;
  const now = new Date();
  try {
    await createObject(
      "events",
      {
        apiVersion: "v1",
        kind: "Event",
        metadata: { generateName: `${f.name.slice(0, 200)}.bindery-`, namespace },
        involvedObject: { apiVersion: "v1", kind: f.kind, name: f.name, namespace: f.namespace || undefined, uid: f.uid, resourceVersion: f.resourceVersion },
        reason: "BinderyCleanup",
        message: note.slice(0, 1000),
        type: "Normal",
        action: "Delete",
        reportingComponent: "bindery",
        reportingInstance: `bindery-${os.hostname()}`.slice(0, 128),
        source: { component: "bindery" },
        eventTime: microTime(now),
        firstTimestamp: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
        lastTimestamp: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
        count: 1,
      },
      { as, namespace },
    );
    return true;
  } catch (e) {
    log.warn("cleanup event not recorded", { error: safeMessage(e) });
    return false;
  }
}
