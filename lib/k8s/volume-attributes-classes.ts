import "server-only";
import { cached } from "./informers";
import { createObject, deleteObject, patchObject } from "./writes";
import { toIso } from "./storage-classes";
import type { Identity } from "./identity";
import type { KubeObject } from "./types";
import type { AttributesClassObject } from "@/lib/validations/snapshot-class";
import type { ClaimModifyState } from "@/lib/flow/modify-steps";

export interface AttributesClassRow {
  name: string;
  uid: string;
  driverName: string;
  parameters: Record<string, string>;
  createdAt: string | undefined;
}

type RawVac = KubeObject & { driverName: string; parameters?: Record<string, string> };

type RawClaimVac = KubeObject & {
  spec?: { volumeAttributesClassName?: string | null };
  status?: { currentVolumeAttributesClassName?: string; modifyVolumeStatus?: { targetVolumeAttributesClassName?: string; status?: string } };
};

export function toAttributesClassRow(v: RawVac): AttributesClassRow {
  return { name: v.metadata.name, uid: v.metadata.uid ?? "", driverName: v.driverName, parameters: v.parameters ?? {}, createdAt: toIso(v.metadata.creationTimestamp) };
}

export async function listAttributesClasses(): Promise<AttributesClassRow[]> {
  return (await cached<RawVac>("volumeattributesclasses")).map(toAttributesClassRow).sort((a, b) => a.name.localeCompare(b.name));
}

export function toClaimModifyState(c: RawClaimVac): ClaimModifyState {
  return {
    namespace: c.metadata.namespace ?? "",
    name: c.metadata.name,
    requested: c.spec?.volumeAttributesClassName ?? undefined,
    current: c.status?.currentVolumeAttributesClassName,
    target: c.status?.modifyVolumeStatus?.targetVolumeAttributesClassName,
    status: c.status?.modifyVolumeStatus?.status,
  };
}

/** Claims naming each class (requested or current), from the shared claim cache (admin view). */
export async function attributesClassUsage(): Promise<Map<string, ClaimModifyState[]>> {
  const out = new Map<string, ClaimModifyState[]>();
  for (const c of await cached<RawClaimVac>("persistentvolumeclaims")) {
    const s = toClaimModifyState(c);
    for (const name of new Set([s.requested, s.current].filter((n): n is string => Boolean(n)))) {
      out.set(name, [...(out.get(name) ?? []), s]);
    }
  }
  return out;
}

export function createAttributesClass(id: Identity, vac: AttributesClassObject, dryRun = false): Promise<AttributesClassObject> {
  return createObject("volumeattributesclasses", vac, { as: id, dryRun });
}

export async function deleteAttributesClass(id: Identity, name: string, uid: string, dryRun = false): Promise<void> {
  await deleteObject("volumeattributesclasses", name, { as: id, dryRun, preconditions: { uid } });
}

/** Asks for a claim's attributes to change (the resizer then calls ControllerModifyVolume), as the person. */
export function setClaimAttributesClass(id: Identity, namespace: string, claim: string, className: string, dryRun = false): Promise<unknown> {
  return patchObject("persistentvolumeclaims", claim, { spec: { volumeAttributesClassName: className } }, { as: id, namespace, dryRun });
}
