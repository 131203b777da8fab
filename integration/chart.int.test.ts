import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { admin } from "./admin";
import { uniq } from "./support";

// The Helm chart rendered and linted by the real Helm (built from helm.sh/helm/v4 by
// scripts/helm.sh), and every rendered object dry-run-created on the real apiserver, which
// runs validation and admission on it (dryRun=All) without storing anything.

const helm = execFileSync("bash", ["scripts/helm.sh"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
const run = (...args: string[]) => execFileSync(helm, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

// Where each kind the chart renders lives on the apiserver.
const PATHS: Record<string, { base: string; plural: string; namespaced: boolean }> = {
  ServiceAccount: { base: "/api/v1", plural: "serviceaccounts", namespaced: true },
  Service: { base: "/api/v1", plural: "services", namespaced: true },
  Deployment: { base: "/apis/apps/v1", plural: "deployments", namespaced: true },
  ClusterRole: { base: "/apis/rbac.authorization.k8s.io/v1", plural: "clusterroles", namespaced: false },
  ClusterRoleBinding: { base: "/apis/rbac.authorization.k8s.io/v1", plural: "clusterrolebindings", namespaced: false },
  Role: { base: "/apis/rbac.authorization.k8s.io/v1", plural: "roles", namespaced: true },
  RoleBinding: { base: "/apis/rbac.authorization.k8s.io/v1", plural: "rolebindings", namespaced: true },
  NetworkPolicy: { base: "/apis/networking.k8s.io/v1", plural: "networkpolicies", namespaced: true },
  Ingress: { base: "/apis/networking.k8s.io/v1", plural: "ingresses", namespaced: true },
  PodDisruptionBudget: { base: "/apis/policy/v1", plural: "poddisruptionbudgets", namespaced: true },
};

function render(release: string, namespace: string, ...values: string[]): Obj[] {
  const text = run("template", release, "deploy/chart", "--namespace", namespace, ...values.flatMap((v) => ["-f", v]));
  return parseAllDocuments(text)
    .map((d) => d.toJSON() as Obj | null)
    .filter((o): o is Obj => o !== null);
}

async function dryRunCreate(o: Obj): Promise<{ status: number; message?: string }> {
  const where = PATHS[o.kind];
  if (!where) return { status: 0, message: `no path known for kind ${o.kind}` };
  const ns = where.namespaced ? `/namespaces/${o.metadata.namespace}` : "";
  const res = await admin("POST", `${where.base}${ns}/${where.plural}?dryRun=All&fieldValidation=Strict`, o);
  return { status: res.status, message: res.body.message };
}

describe("Helm chart (deploy/chart)", () => {
  const namespace = uniq("bindery-chart");

  beforeAll(async () => {
    const res = await admin("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await admin("DELETE", `/api/v1/namespaces/${namespace}`);
  });

  it("lints with the default values and with OIDC + Prometheus + ingress + 3 replicas", () => {
    expect(run("lint", "deploy/chart", "--strict")).toContain("0 chart(s) failed");
    expect(run("lint", "deploy/chart", "--strict", "-f", "deploy/chart/ci/full-values.yaml")).toContain("0 chart(s) failed");
  });

  it.each([
    ["default values", []],
    ["OIDC + Prometheus + ingress + 3 replicas", ["deploy/chart/ci/full-values.yaml"]],
  ])("every object rendered with %s is accepted by the apiserver (server-side dry run)", async (_label, values) => {
    const objs = render(uniq("b"), namespace, ...values);
    expect(objs.length).toBeGreaterThanOrEqual(8);
    const results = [];
    for (const o of objs) results.push({ object: `${o.kind}/${o.metadata.name}`, ...(await dryRunCreate(o)) });
    expect(results.filter((r) => r.status !== 201)).toEqual([]);
  });

  it("the dry run does refuse what the apiserver would refuse (negative replicas)", async () => {
    const text = run("template", uniq("b"), "deploy/chart", "--namespace", namespace, "--set", "replicaCount=-1");
    const dep = parseAllDocuments(text).map((d) => d.toJSON() as Obj).find((o) => o?.kind === "Deployment")!;
    const res = await dryRunCreate(dep);
    expect(res.status).toBe(422);
    expect(res.message).toMatch(/replicas/);
  });

  it("renders a pinned image, the projected token only, and least-privilege impersonation", () => {
    const objs = render("b", namespace);
    const dep = objs.find((o) => o.kind === "Deployment") as unknown as {
      spec: { replicas: number; template: { spec: { automountServiceAccountToken: boolean; volumes: { projected?: { sources: { serviceAccountToken?: unknown }[] } }[]; containers: { image: string; securityContext: Record<string, unknown> }[] } } };
    };
    const pod = dep.spec.template.spec;
    expect(pod.containers[0]!.image).toMatch(/^ghcr\.io\/bindery\/portal:\d+\.\d+\.\d+$/);
    expect(pod.containers[0]!.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.volumes.some((v) => v.projected?.sources.some((s) => s.serviceAccountToken))).toBe(true);
    expect(objs.some((o) => o.kind === "Secret")).toBe(false);
    const role = objs.find((o) => o.kind === "ClusterRole") as unknown as { rules: { resources: string[]; verbs: string[] }[] };
    const impersonated = role.rules.filter((r) => r.verbs.includes("impersonate")).flatMap((r) => r.resources);
    expect(impersonated.sort()).toEqual(["groups", "users"]);
    expect(role.rules.some((r) => r.resources.includes("nodes/proxy"))).toBe(false);
    expect(objs.map((o) => o.kind)).not.toContain("ServiceMonitor");
    expect(objs.map((o) => o.kind)).not.toContain("Ingress");
  });

  it("refuses image tag latest and an unknown usage source, and renders the ServiceMonitor only when asked", () => {
    expect(() => run("template", "b", "deploy/chart", "--set", "image.tag=latest")).toThrow(/latest.*not allowed/);
    expect(() => run("template", "b", "deploy/chart", "--set", "usage.source=prometheus")).toThrow(/needs usage.prometheusUrl/);
    expect(() => run("template", "b", "deploy/chart", "--set", "usage.source=guess")).toThrow(/summary, prometheus, none/);
    const text = run("template", "b", "deploy/chart", "--set", "metrics.serviceMonitor.enabled=true");
    expect(text).toContain("kind: ServiceMonitor");
  });

  it("grants nodes/proxy only when the admin opts in, and picks the usage source from what is granted", () => {
    const source = (...set: string[]) => {
      const text = run("template", "b", "deploy/chart", ...set.flatMap((s) => ["--set", s]));
      return /BINDERY_USAGE_SOURCE, value: "(\w+)"/.exec(text)?.[1];
    };
    expect(source()).toBe("none"); // nothing granted, no Prometheus: claims say "no usage source configured"
    expect(source("usage.prometheusUrl=http://prom:9090")).toBe("prometheus");
    expect(source("rbac.nodesProxy=true")).toBe("summary");
    const granted = run("template", "b", "deploy/chart", "--set", "rbac.nodesProxy=true");
    expect(granted).toContain("nodes/proxy");
    expect(() => run("template", "b", "deploy/chart", "--set", "usage.source=summary")).toThrow(/needs rbac.nodesProxy=true/);
  });
});
