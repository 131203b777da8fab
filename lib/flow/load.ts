import "server-only";
import { getClaim } from "@/lib/k8s/persistent-volume-claims";
import { volumesForClaim, volumesForClaims } from "@/lib/k8s/persistent-volumes";
import { listStorageClasses } from "@/lib/k8s/storage-classes";
import { listPods, podsUsingClaim, type PodRow } from "@/lib/k8s/pods";
import { eventsForMany, type EventRow } from "@/lib/k8s/events";
import { getWorkload, type WorkloadRow } from "@/lib/k8s/workloads";
import { listCsiDrivers } from "@/lib/k8s/csi-drivers";
import { attachmentsOfVolumes } from "@/lib/k8s/volume-attachments";
import type { Identity } from "@/lib/k8s/identity";
import { mayReadAttachments, mayReadVolumeDetails } from "@/lib/k8s/visibility";
import { volumesFor } from "@/lib/storage/redact";
import { deriveClaimFlow } from "./steps";
import { deriveWorkloadFlow, workloadPods, type WorkloadFlow } from "./workload-steps";
import type { ClaimFlow, ClaimFlowInput, FlowAttachment } from "./types";

// Gathers a claim's or workload's facts from the shared caches (as the person may see them)
// and hands them to the pure derivation.

async function attachmentFacts(
  pvName: string | undefined,
  driver: string | undefined,
  mayReadAttachments: boolean,
): Promise<{ attachRequired: boolean; attachment: FlowAttachment | undefined }> {
  if (!pvName) return { attachRequired: false, attachment: undefined };
  const [drivers, vas] = await Promise.all([listCsiDrivers(), mayReadAttachments ? attachmentsOfVolumes([pvName]) : []]);
  const d = drivers.find((x) => x.name === driver);
  const va = vas[0];
  return {
    attachRequired: d ? d.attachRequired : true,
    attachment: va ? { node: va.node, attached: va.attached, error: va.attachError, createdAt: va.createdAt } : undefined,
  };
}

export interface ClaimFlowData {
  input: ClaimFlowInput;
  flow: ClaimFlow;
  events: EventRow[];
  pods: PodRow[];
}

export async function loadClaimFlow(
  id: Identity,
  namespace: string,
  name: string,
  now = Date.now(),
): Promise<ClaimFlowData | undefined> {
  const claim = await getClaim(id, namespace, name);
  if (!claim) return undefined;
  // Index lookups (volumes of this claim or that could serve it, pods mounting it), not scans.
  const [allVolumes, classes, pods, details, attachments] = await Promise.all([
    volumesForClaim(claim),
    listStorageClasses(),
    podsUsingClaim(id, namespace, name),
    mayReadVolumeDetails(id),
    mayReadAttachments(id),
  ]);
  const volumes = volumesFor(allVolumes, details);
  const pv =
    volumes.find((v) => v.name === claim.volumeName) ??
    volumes.find(
      (v) =>
        v.claim?.namespace === namespace &&
        v.claim.name === name &&
        (!v.claim.uid || v.claim.uid === claim.uid),
    );
  // The CSI driver name decides whether attaching is expected, whoever is looking.
  const fullPv = pv ? allVolumes.find((v) => v.name === pv.name) : undefined;
  const driver = fullPv?.source.type === "csi" ? fullPv.source.detail.split(" ")[0] : undefined;
  const events = await eventsForMany(
    id,
    [
      { kind: "PersistentVolumeClaim", name, namespace },
      ...(pv ? [{ kind: "PersistentVolume", name: pv.name }] : []),
      ...pods.map((p) => ({ kind: "Pod", name: p.name, namespace })),
    ],
    namespace,
  );
  const input: ClaimFlowInput = {
    claim,
    pv,
    storageClass: classes.find((c) => c.name === claim.storageClass),
    classes,
    volumes,
    pods,
    events,
    now,
    ...(await attachmentFacts(pv?.source.type === "csi" ? pv.name : undefined, driver, attachments)),
  };
  return { input, flow: deriveClaimFlow(input), events, pods };
}

export interface WorkloadFlowData {
  workload: WorkloadRow;
  flow: WorkloadFlow;
  claimFlows: { name: string; flow: ClaimFlow | undefined }[];
  pods: PodRow[];
  events: EventRow[];
}

export async function loadWorkloadFlow(
  id: Identity,
  namespace: string,
  kind: string,
  name: string,
  now = Date.now(),
): Promise<WorkloadFlowData | undefined> {
  const workload = await getWorkload(id, namespace, kind, name);
  if (!workload) return undefined;
  const pods = workloadPods(workload, await listPods(id, namespace));
  // A StatefulSet's first pod is enough to follow; its other claims show in the list.
  const claimNames =
    workload.kind === "StatefulSet"
      ? workload.claims.filter((c) => !/-\d+$/.test(c) || c.endsWith(`-${workload.name}-0`))
      : workload.claims;
  const claimData = await Promise.all(claimNames.map((c) => loadClaimFlow(id, namespace, c, now)));
  const claimFlows = claimNames.map((c, i) => ({ name: c, flow: claimData[i]?.flow }));
  const events = await eventsForMany(
    id,
    [
      { kind: workload.kind, name, namespace },
      ...workload.podOwners.map((o) => ({
        kind: workload.kind === "Deployment" ? "ReplicaSet" : "StatefulSet",
        name: o,
        namespace,
      })),
      ...pods.map((p) => ({ kind: "Pod", name: p.name, namespace })),
    ],
    namespace,
  );
  const volumes = volumesFor(await volumesForClaims(namespace, workload.claims), await mayReadVolumeDetails(id));
  const flow = deriveWorkloadFlow({ workload, claimFlows, pods, volumes, events, now });
  return { workload, flow, claimFlows, pods, events };
}
