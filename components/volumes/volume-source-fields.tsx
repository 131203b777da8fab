"use client";

import type { FormDraft } from "@/components/forms/use-form-draft";
import { Field, inputClass } from "@/components/ui/field";
import { HOST_PATH_TYPES, SOURCE_TYPES } from "@/lib/validations/persistent-volume";

const SOURCE_LABELS: Record<string, string> = {
  hostPath: "Host path (a directory on the node; test clusters)",
  local: "Local disk on one node",
  nfs: "NFS export",
  csi: "Existing CSI volume",
};

export interface NodeChoice {
  name: string;
  hostname: string;
  ready: boolean;
}

/** Where the data of a static volume lives: one fieldset per source type. */
export function VolumeSourceFields({ draft, nodes, csiDrivers, hostPathPrefixes }: { draft: FormDraft; nodes: NodeChoice[]; csiDrivers: string[]; hostPathPrefixes: string[] }) {
  const type = draft.values.sourceType ?? "hostPath";
  const input = (name: string) => ({ ...draft.bind(name), className: inputClass(draft.error(name)) });
  return (
    <fieldset className="space-y-3 rounded-lg p-3 ring-1 ring-slate-200">
      <legend className="px-1 text-sm font-medium text-slate-800">Source</legend>
      <div className="flex flex-wrap gap-4 text-sm" role="radiogroup" aria-label="Source type">
        {SOURCE_TYPES.map((t) => (
          <label key={t} className="flex items-center gap-2">
            <input type="radio" name="sourceType" value={t} checked={type === t} onChange={() => draft.set("sourceType", t)} />
            {SOURCE_LABELS[t]}
          </label>
        ))}
      </div>
      {type === "hostPath" ? (
        <div className="grid gap-3 sm:grid-cols-[2fr_1fr]">
          <Field
            name="hostPath.path"
            label="Path on the node"
            error={draft.error("hostPath.path")}
            hint={`Below ${hostPathPrefixes.join(" or ") || "(none allowed)"}. Pods on any node see that node's directory.`}
          >
            <input {...input("hostPath.path")} placeholder={`${hostPathPrefixes[0] ?? "/"}…`} />
          </Field>
          <Field name="hostPath.type" label="Path type" error={draft.error("hostPath.type")}>
            <select {...input("hostPath.type")}>
              {HOST_PATH_TYPES.map((t) => (
                <option key={t} value={t}>{t || "(no check)"}</option>
              ))}
            </select>
          </Field>
        </div>
      ) : null}
      {type === "hostPath" ? (
        <div className="space-y-1" data-testid="host-path-warning">
          <p className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 ring-1 ring-amber-200">
            Any pod that mounts this volume reads and writes this directory on its node. Reserve the volume for one claim below,
            unless the directory is meant for everyone who may claim it.
          </p>
          <label className="flex items-center gap-2 text-sm">
            <input {...draft.bindCheckbox("hostPath.shared")} /> This path is meant to be shared
          </label>
        </div>
      ) : null}
      {type === "local" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field name="local.path" label="Path of the disk or directory" error={draft.error("local.path")}>
            <input {...input("local.path")} placeholder="/mnt/disks/ssd1" />
          </Field>
          <Field name="local.node" label="Node" error={draft.error("local.node")} hint="Pods using this volume are scheduled to this node only.">
            <select {...input("local.node")}>
              <option value="">Choose a node…</option>
              {nodes.map((n) => (
                <option key={n.name} value={n.hostname}>
                  {n.name}
                  {n.ready ? "" : " (not ready)"}
                </option>
              ))}
            </select>
          </Field>
        </div>
      ) : null}
      {type === "nfs" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field name="nfs.server" label="NFS server" error={draft.error("nfs.server")}>
            <input {...input("nfs.server")} placeholder="nfs.example.com or 10.0.0.5" />
          </Field>
          <Field name="nfs.path" label="Exported path" error={draft.error("nfs.path")}>
            <input {...input("nfs.path")} placeholder="/exports/data" />
          </Field>
          <label className="flex items-center gap-2 text-sm">
            <input {...draft.bindCheckbox("nfs.readOnly")} /> Mount read-only
          </label>
        </div>
      ) : null}
      {type === "csi" ? (
        <div className="grid gap-3 sm:grid-cols-3">
          <Field name="csi.driver" label="CSI driver" error={draft.error("csi.driver")} hint={csiDrivers.length ? undefined : "No CSI driver is registered in the cluster."}>
            <input {...input("csi.driver")} list="csi-drivers" placeholder="ebs.csi.aws.com" />
          </Field>
          <datalist id="csi-drivers">
            {csiDrivers.map((d) => (
              <option key={d} value={d} />
            ))}
          </datalist>
          <Field name="csi.volumeHandle" label="Volume handle" error={draft.error("csi.volumeHandle")} hint="The driver's id of the existing volume.">
            <input {...input("csi.volumeHandle")} />
          </Field>
          <Field name="csi.fsType" label="Filesystem (optional)" error={draft.error("csi.fsType")}>
            <input {...input("csi.fsType")} placeholder="ext4" />
          </Field>
        </div>
      ) : null}
    </fieldset>
  );
}
