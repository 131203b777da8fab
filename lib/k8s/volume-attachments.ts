import "server-only";
import type { V1VolumeAttachment } from "@kubernetes/client-node";
import { cached } from "./informers";
import { toIso } from "./storage-classes";
import type { KubeObject } from "./types";

// VolumeAttachments (cluster-scoped, CSI attach/detach) as plain rows for the flow pages.

export interface AttachmentRow {
  name: string;
  /** The PersistentVolume it attaches. */
  volume: string | undefined;
  node: string;
  attached: boolean;
  attachError: string | undefined;
  detachError: string | undefined;
  createdAt: string | undefined;
}

type RawAttachment = V1VolumeAttachment & KubeObject;

export function toAttachmentRow(va: RawAttachment): AttachmentRow {
  return {
    name: va.metadata.name,
    volume: va.spec.source.persistentVolumeName ?? undefined,
    node: va.spec.nodeName,
    attached: va.status?.attached === true,
    attachError: va.status?.attachError?.message,
    detachError: va.status?.detachError?.message,
    createdAt: toIso(va.metadata.creationTimestamp),
  };
}

/** Attachments of these volumes, from the shared cache (callers check who may see them). */
export async function attachmentsOfVolumes(volumes: string[]): Promise<AttachmentRow[]> {
  if (volumes.length === 0) return [];
  const wanted = new Set(volumes);
  return (await cached<RawAttachment>("volumeattachments")).filter((va) => wanted.has(va.spec.source.persistentVolumeName ?? "")).map(toAttachmentRow);
}
