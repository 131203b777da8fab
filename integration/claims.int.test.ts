import { afterAll, describe, expect, it } from "vitest";
import { request } from "@/lib/k8s/rest";
import {
  createClaim,
  deleteClaim,
  expandClaim,
  getClaim,
} from "@/lib/k8s/persistent-volume-claims";
import { storageBudgets } from "@/lib/k8s/quotas";
import { K8sError } from "@/lib/k8s/errors";
import { budgetProblem, claimManifest } from "@/lib/validations/claim";
import { bob, john, remove, suffix, until } from "./helpers-flow";

// Claim writes as Bob against the real admission chain (quota, LimitRange, RBAC).

const s = suffix();
const cleanup: string[] = [];
afterAll(async () => {
  for (const p of cleanup.reverse()) await remove(p);
});
const manifest = (name: string, size: string, storageClass = `int-claims-${s}`) =>
  claimManifest({
    namespace: "team-a",
    name,
    size,
    accessMode: "ReadWriteOnce",
    volumeMode: "Filesystem",
    storageClass,
  });

async function refusal(p: Promise<unknown>): Promise<K8sError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(K8sError);
  return e as K8sError;
}

describe("the team's storage budget", () => {
  it("reads the quota and LimitRange of team-a", async () => {
    const b = (await storageBudgets(["team-a"]))["team-a"];
    expect(b?.storage?.hard).toBe(100 * 2 ** 30);
    expect(b?.claims?.hard).toBe(20);
    expect(b?.limits).toEqual({ min: 2 ** 30, max: 50 * 2 ** 30 });
    expect(budgetProblem(b, "60Gi", undefined)).toMatch(/largest claim/);
  });

  it("the apiserver refuses what the budget refuses, on a dry run, with a message about the size", async () => {
    const big = await refusal(createClaim(bob, "team-a", manifest(`int-big-${s}`, "60Gi"), true));
    expect(big.kind).toBe("forbidden");
    expect(big.message).toMatch(/maximum/);
    const small = await refusal(
      createClaim(bob, "team-a", manifest(`int-small-${s}`, "100Mi"), true),
    );
    expect(small.message).toMatch(/minimum/);
    expect(await getClaim(bob, "team-a", `int-big-${s}`)).toBeUndefined();
  });

  it("refuses Bob in another team's namespace", async () => {
    const e = await refusal(
      createClaim(
        bob,
        "team-b",
        {
          ...manifest(`int-other-${s}`, "1Gi"),
          metadata: { name: `int-other-${s}`, namespace: "team-b" },
        },
        true,
      ),
    );
    expect(e.kind).toBe("forbidden");
  });

  it("reports invalid names on their field", async () => {
    const e = await refusal(createClaim(bob, "team-a", manifest(`Bad_Name-${s}`, "1Gi"), true));
    expect(e.kind).toBe("invalid");
    expect(Object.keys(e.fieldErrors)).toContain("metadata.name");
  });
});

describe("expanding and deleting", () => {
  it("grows a claim only when its class allows it, as Bob", async () => {
    const growable = `int-grow-${s}`;
    await request({
      method: "POST",
      path: "/apis/storage.k8s.io/v1/storageclasses",
      as: john,
      body: {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name: growable },
        provisioner: "kubernetes.io/host-path",
        allowVolumeExpansion: true,
        volumeBindingMode: "Immediate",
      },
    });
    cleanup.push(`/apis/storage.k8s.io/v1/storageclasses/${growable}`);
    const name = `int-exp-${s}`;
    await createClaim(bob, "team-a", manifest(name, "1Gi", growable));
    cleanup.push(`/api/v1/namespaces/team-a/persistentvolumeclaims/${name}`);
    await until("bound", async () => (await getClaim(bob, "team-a", name))?.phase === "Bound");
    const grown = await expandClaim(bob, "team-a", name, "2Gi");
    expect(grown.spec?.resources?.requests?.storage).toBe("2Gi");

    const fixed = `int-fixed-${s}`;
    await request({
      method: "POST",
      path: "/apis/storage.k8s.io/v1/storageclasses",
      as: john,
      body: {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name: fixed },
        provisioner: "kubernetes.io/host-path",
        volumeBindingMode: "Immediate",
      },
    });
    cleanup.push(`/apis/storage.k8s.io/v1/storageclasses/${fixed}`);
    const other = `int-noexp-${s}`;
    await createClaim(bob, "team-a", manifest(other, "1Gi", fixed));
    cleanup.push(`/api/v1/namespaces/team-a/persistentvolumeclaims/${other}`);
    await until("bound", async () => (await getClaim(bob, "team-a", other))?.phase === "Bound");
    const e = await refusal(expandClaim(bob, "team-a", other, "2Gi", true));
    expect(e.message).toMatch(
      /only dynamically provisioned pvc can be resized|does not support resize|allowVolumeExpansion|forbidden/i,
    );
  });

  it("deletes exactly the claim that was shown (uid precondition)", async () => {
    const name = `int-del-${s}`;
    await createClaim(bob, "team-a", manifest(name, "1Gi"));
    cleanup.push(`/api/v1/namespaces/team-a/persistentvolumeclaims/${name}`);
    const row = await until("cached", () => getClaim(bob, "team-a", name));
    const stale = await refusal(
      deleteClaim(bob, "team-a", name, "00000000-0000-0000-0000-000000000000"),
    );
    expect(stale.kind).toBe("conflict");
    await deleteClaim(bob, "team-a", name, row.uid);
    await until("gone", async () => !(await getClaim(bob, "team-a", name)));
  });
});
