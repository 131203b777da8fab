import { afterAll, describe, expect, it } from "vitest";
import { request } from "@/lib/k8s/rest";
import { createClaim } from "@/lib/k8s/persistent-volume-claims";
import { claimManifest } from "@/lib/validations/claim";
import { loadClaimFlow } from "@/lib/flow/load";
import { ms } from "@/lib/flow/facts";
import type { ClaimFlow } from "@/lib/flow/types";
import { bob, john, podBody, remove, suffix, until } from "./helpers-flow";

// The step derivation on real objects: a real apiserver, scheduler, PV controller,
// host-path provisioner and simulated kubelets produce the facts.

const s = suffix();
const cleanup: string[] = [];
afterAll(async () => {
  for (const p of cleanup.reverse()) await remove(p);
});

const status = (f: ClaimFlow) => Object.fromEntries(f.steps.map((x) => [x.id, x.status]));

function expectOrderedTimes(f: ClaimFlow) {
  const done = f.steps.filter((x) => x.status === "done" && x.at);
  for (let i = 1; i < done.length; i++) {
    // Second-granular timestamps from different components: allow one second of skew.
    expect(
      ms(done[i]?.at)! + 1000,
      `${done[i]?.id} after ${done[i - 1]?.id}`,
    ).toBeGreaterThanOrEqual(ms(done[i - 1]?.at)!);
  }
}

describe("dynamic flow (host-path, WaitForFirstConsumer)", () => {
  const cls = `int-flow-ssd-${s}`;
  const claim = `int-flow-dyn-${s}`;
  const pod = `int-flow-pod-${s}`;

  it("waits for a consumer, then provisions, binds, mounts and runs", async () => {
    await request({
      method: "POST",
      path: "/apis/storage.k8s.io/v1/storageclasses",
      as: john,
      body: {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name: cls },
        provisioner: "kubernetes.io/host-path",
        reclaimPolicy: "Delete",
        volumeBindingMode: "WaitForFirstConsumer",
      },
    });
    cleanup.push(`/apis/storage.k8s.io/v1/storageclasses/${cls}`);
    await createClaim(
      bob,
      "team-a",
      claimManifest({
        namespace: "team-a",
        name: claim,
        size: "2Gi",
        accessMode: "ReadWriteOnce",
        volumeMode: "Filesystem",
        storageClass: cls,
      }),
    );
    cleanup.push(`/api/v1/namespaces/team-a/persistentvolumeclaims/${claim}`);

    const waiting = await until("waiting-for-consumer", async () => {
      const d = await loadClaimFlow(bob, "team-a", claim);
      return d?.flow.current?.id === "waiting-for-consumer" && d.input.storageClass
        ? d.flow
        : undefined;
    });
    expect(waiting.kind).toBe("dynamic");
    expect(waiting.stalled).toBe(false);
    expect(status(waiting)["claim-created"]).toBe("done");

    await request({
      method: "POST",
      path: "/api/v1/namespaces/team-a/pods",
      as: bob,
      body: podBody(pod, claim),
    });
    cleanup.push(`/api/v1/namespaces/team-a/pods/${pod}`);

    // Done means recorded: the kubelet's mount event and the running container, not inferred.
    const done = await until("container running and mount recorded", async () => {
      const d = await loadClaimFlow(bob, "team-a", claim);
      const mounted = d?.flow.steps.find((x) => x.id === "volume-mounted");
      return d &&
        d.flow.steps.find((x) => x.id === "container-running")?.status === "done" &&
        mounted?.status === "done" &&
        !mounted.approximate
        ? d
        : undefined;
    });
    expect(status(done.flow)).toEqual({
      "claim-created": "done",
      "waiting-for-consumer": "done",
      "provisioning-requested": "done",
      "pv-created": "done",
      bound: "done",
      "pod-scheduled": "done",
      "volume-attached": "skipped",
      "volume-mounted": "done",
      "container-running": "done",
    });
    expect(done.flow.pod).toBe(pod);
    expect(done.input.pv?.source.detail).toMatch(/^\/tmp\/hostpath_pv\//);
    expect(done.flow.steps.find((x) => x.id === "volume-mounted")?.reason).toContain(
      done.input.pv?.name ?? "-",
    );
    expect(done.flow.steps.find((x) => x.id === "pod-scheduled")?.reason).toMatch(
      /bindery-node-[12]/,
    );
    expectOrderedTimes(done.flow);
  });
});

describe("manual flow (static PV)", () => {
  const cls = `int-manual-${s}`;
  const pv = `int-flow-pv-${s}`;
  const claim = `int-flow-man-${s}`;

  it("binds Bob's 3Gi claim to John's 10Gi volume and waits for a pod", async () => {
    await request({
      method: "POST",
      path: "/api/v1/persistentvolumes",
      as: john,
      body: {
        apiVersion: "v1",
        kind: "PersistentVolume",
        metadata: { name: pv },
        spec: {
          capacity: { storage: "10Gi" },
          accessModes: ["ReadWriteOnce"],
          persistentVolumeReclaimPolicy: "Retain",
          storageClassName: cls,
          hostPath: { path: `/tmp/bindery-int/${pv}` },
        },
      },
    });
    cleanup.push(`/api/v1/persistentvolumes/${pv}`);
    await createClaim(
      bob,
      "team-a",
      claimManifest({
        namespace: "team-a",
        name: claim,
        size: "3Gi",
        accessMode: "ReadWriteOnce",
        volumeMode: "Filesystem",
        storageClass: cls,
        volumeName: pv,
      }),
    );
    cleanup.push(`/api/v1/namespaces/team-a/persistentvolumeclaims/${claim}`);
    const bound = await until("bound", async () => {
      const d = await loadClaimFlow(bob, "team-a", claim);
      return d?.flow.steps.find((x) => x.id === "bound")?.status === "done" ? d.flow : undefined;
    });
    expect(bound.kind).toBe("manual");
    expect(bound.steps.map((x) => x.id)).toEqual([
      "pv-available",
      "claim-created",
      "bound",
      "pod-scheduled",
      "volume-mounted",
      "container-running",
    ]);
    expect(status(bound)).toMatchObject({
      "pv-available": "done",
      "claim-created": "done",
      bound: "done",
      "pod-scheduled": "current",
    });
    expect(bound.steps.find((x) => x.id === "bound")?.reason).toContain(pv);
    expectOrderedTimes(bound);
  });
});

describe("stalled claims", () => {
  it("names a class that does not exist", async () => {
    const claim = `int-flow-ghost-${s}`;
    await createClaim(
      bob,
      "team-a",
      claimManifest({
        namespace: "team-a",
        name: claim,
        size: "1Gi",
        accessMode: "ReadWriteOnce",
        volumeMode: "Filesystem",
        storageClass: `no-such-class-${s}`,
      }),
    );
    cleanup.push(`/api/v1/namespaces/team-a/persistentvolumeclaims/${claim}`);
    const f = await until("stalled", async () => {
      const d = await loadClaimFlow(bob, "team-a", claim);
      return d?.flow.stalled ? d.flow : undefined;
    });
    expect(f.current?.reason).toContain(`"no-such-class-${s}" does not exist`);
    expect(f.current?.hint).toBeTruthy();
  });

  it("explains a volume that cannot serve the claim", async () => {
    const pv = `int-flow-small-${s}`;
    const claim = `int-flow-big-${s}`;
    const cls = `int-small-${s}`;
    await request({
      method: "POST",
      path: "/api/v1/persistentvolumes",
      as: john,
      body: {
        apiVersion: "v1",
        kind: "PersistentVolume",
        metadata: { name: pv },
        spec: {
          capacity: { storage: "1Gi" },
          accessModes: ["ReadWriteOnce"],
          storageClassName: cls,
          hostPath: { path: `/tmp/bindery-int/${pv}` },
        },
      },
    });
    cleanup.push(`/api/v1/persistentvolumes/${pv}`);
    await createClaim(
      bob,
      "team-a",
      claimManifest({
        namespace: "team-a",
        name: claim,
        size: "5Gi",
        accessMode: "ReadWriteOnce",
        volumeMode: "Filesystem",
        storageClass: cls,
      }),
    );
    cleanup.push(`/api/v1/namespaces/team-a/persistentvolumeclaims/${claim}`);
    const f = await until("stalled on matching", async () => {
      const d = await loadClaimFlow(bob, "team-a", claim);
      return d?.flow.stalled && d.input.volumes?.some((v) => v.name === pv) ? d.flow : undefined;
    });
    expect(f.kind).toBe("manual");
    expect(f.current?.id).toBe("pv-available");
    expect(f.current?.reason).toContain(pv);
    expect(f.current?.reason).toContain("too small");
  });
});
