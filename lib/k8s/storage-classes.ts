import "server-only";
import type { V1StorageClass } from "@kubernetes/client-node";
import { cached, informer } from "./informers";
import type { KubeObject } from "./types";

export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
export const DESCRIPTION_ANNOTATION = "bindery.io/description";

export interface StorageClassRow {
  name: string;
  uid: string;
  resourceVersion: string;
  provisioner: string;
  reclaimPolicy: string;
  volumeBindingMode: string;
  allowVolumeExpansion: boolean;
  isDefault: boolean;
  description: string;
  parameters: Record<string, string>;
  mountOptions: string[];
  createdAt: string | undefined;
}

type RawClass = V1StorageClass & KubeObject;

export function toStorageClassRow(sc: RawClass): StorageClassRow {
  const ann = sc.metadata.annotations ?? {};
  return {
    name: sc.metadata.name,
    uid: sc.metadata.uid ?? "",
    resourceVersion: sc.metadata.resourceVersion ?? "",
    provisioner: sc.provisioner,
    reclaimPolicy: sc.reclaimPolicy ?? "Delete",
    volumeBindingMode: sc.volumeBindingMode ?? "Immediate",
    allowVolumeExpansion: sc.allowVolumeExpansion === true,
    isDefault: ann[DEFAULT_CLASS_ANNOTATION] === "true" || ann["storageclass.beta.kubernetes.io/is-default-class"] === "true",
    description: ann[DESCRIPTION_ANNOTATION] ?? "",
    parameters: sc.parameters ?? {},
    mountOptions: sc.mountOptions ?? [],
    createdAt: toIso(sc.metadata.creationTimestamp),
  };
}

/** Storage classes are cluster-wide and readable by every signed-in role. */
export async function listStorageClasses(): Promise<StorageClassRow[]> {
  const items = await cached<RawClass>("storageclasses");
  return items.map(toStorageClassRow).sort((a, b) => a.name.localeCompare(b.name));
}

export async function getStorageClass(name: string): Promise<StorageClassRow | undefined> {
  await informer<RawClass>("storageclasses").waitForSync();
  const sc = informer<RawClass>("storageclasses").get(name);
  return sc ? toStorageClassRow(sc) : undefined;
}

export function toIso(t: unknown): string | undefined {
  if (!t) return undefined;
  if (t instanceof Date) return t.toISOString();
  return String(t);
}
