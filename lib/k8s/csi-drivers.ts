import "server-only";
import { cached } from "./informers";
import type { KubeObject } from "./types";

export interface CsiDriverRow {
  name: string;
  attachRequired: boolean;
  lifecycleModes: string[];
  /** The external provisioner publishes CSIStorageCapacity and the scheduler uses it. */
  storageCapacity: boolean;
  fsGroupPolicy: string;
  podInfoOnMount: boolean;
}

type RawCsiDriver = KubeObject & {
  spec?: { attachRequired?: boolean; volumeLifecycleModes?: string[]; storageCapacity?: boolean; fsGroupPolicy?: string; podInfoOnMount?: boolean };
};

export async function listCsiDrivers(): Promise<CsiDriverRow[]> {
  const items = await cached<RawCsiDriver>("csidrivers");
  return items
    .map((d) => ({
      name: d.metadata.name,
      attachRequired: d.spec?.attachRequired !== false,
      lifecycleModes: d.spec?.volumeLifecycleModes ?? ["Persistent"],
      storageCapacity: d.spec?.storageCapacity === true,
      fsGroupPolicy: d.spec?.fsGroupPolicy ?? "ReadWriteOnceWithFSType",
      podInfoOnMount: d.spec?.podInfoOnMount === true,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface ProvisionerOption {
  name: string;
  /** Why it is offered: a registered CSI driver, or an in-tree plugin the controller-manager runs. */
  source: "csi" | "in-tree";
  note: string;
}

/**
 * In-tree provisioners are not discoverable through the API: the deployment says which ones
 * kube-controller-manager runs (BINDERY_IN_TREE_PROVISIONERS, comma-separated). The local
 * control plane runs the hostPath provisioner (--enable-hostpath-provisioner), the default.
 */
export function inTreeProvisioners(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env.BINDERY_IN_TREE_PROVISIONERS ?? "kubernetes.io/host-path";
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** What the provisioner picker offers: CSI drivers registered in the cluster, then in-tree ones. */
export async function provisionerOptions(): Promise<ProvisionerOption[]> {
  const drivers = await listCsiDrivers();
  const out: ProvisionerOption[] = drivers.map((d) => ({
    name: d.name,
    source: "csi",
    note: `CSI driver${d.lifecycleModes.includes("Persistent") ? "" : " (ephemeral volumes only)"}`,
  }));
  for (const p of inTreeProvisioners()) {
    if (!out.some((o) => o.name === p)) out.push({ name: p, source: "in-tree", note: "built into the cluster" });
  }
  return out;
}
