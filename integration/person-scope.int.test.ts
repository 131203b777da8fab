import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alice, bob, john, uniq, waitFor } from "./support";
import { kube, kubeCreate, kubeDelete } from "@/e2e/support/kube";
import { accessCacheStats, reviewAccess } from "@/lib/k8s/access";
import { personScope, scopeAllows } from "@/lib/k8s/scope";
import { cached } from "@/lib/k8s/informers";
import { RESOURCES } from "@/lib/k8s/resources";
import type { Identity } from "@/lib/k8s/identity";
import type { KubeObject } from "@/lib/k8s/types";

// The person scope is derived from SelfSubjectRulesReviews: one for cluster-wide rights and one
// per namespace where a RoleBinding names the person or their groups. These tests hold it to what SubjectAccessReviews (the cluster's own
// per-question answer) say, for every watched type in every namespace, including RBAC
// wildcards, subresource rules, resourceNames-limited rules and an aggregated ClusterRole.

const ns = uniq("scope");
const tag = ns.replace(/[^a-z0-9]/g, "");
const tester: Identity = { user: `scope-tester-${tag}`, groups: [`bindery-test:${tag}`] };
const aggregated = `bindery-test-agg-${tag}`;
const part = `bindery-test-part-${tag}`;

const RBAC = "rbac.authorization.k8s.io";
const subject = (kind: "User" | "Group", name: string) => ({ kind, apiGroup: RBAC, name });
/** A RoleBinding in the test namespace, or a ClusterRoleBinding, of a role to subjects. */
function bind(name: string, role: { kind: "Role" | "ClusterRole"; name: string }, subjects: ReturnType<typeof subject>[], cluster = false) {
  return kubeCreate(cluster ? `/apis/${RBAC}/v1/clusterrolebindings` : `/apis/${RBAC}/v1/namespaces/${ns}/rolebindings`, {
    apiVersion: `${RBAC}/v1`,
    kind: cluster ? "ClusterRoleBinding" : "RoleBinding",
    metadata: { name },
    roleRef: { apiGroup: RBAC, ...role },
    subjects,
  });
}

beforeAll(async () => {
  await kubeCreate("/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  await kubeCreate(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name: "wild" },
    rules: [
      { verbs: ["*"], apiGroups: ["apps"], resources: ["*"] },
      { verbs: ["list"], apiGroups: [""], resources: ["pods"], resourceNames: ["only-this-one"] },
      { verbs: ["list"], apiGroups: [""], resources: ["events/*"] },
    ],
  });
  await bind("wild", { kind: "Role", name: "wild" }, [subject("User", tester.user)]);
  // Rules that reach the person only through ClusterRole aggregation.
  await kubeCreate("/apis/rbac.authorization.k8s.io/v1/clusterroles", {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: aggregated },
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`bindery-test/${tag}`]: "true" } }] },
    rules: [],
  });
  await kubeCreate("/apis/rbac.authorization.k8s.io/v1/clusterroles", {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: part, labels: { [`bindery-test/${tag}`]: "true" } },
    rules: [{ verbs: ["get", "list", "watch"], apiGroups: [""], resources: ["persistentvolumeclaims"] }],
  });
  await bind("aggregated", { kind: "ClusterRole", name: aggregated }, [subject("Group", tester.groups[0]!)]);
  await waitFor("aggregated rules", () => reviewAccess(tester, { verb: "list", resource: "persistentvolumeclaims", namespace: ns }));
  await waitFor("the namespace in the portal's cache", async () => (await cached<KubeObject>("namespaces")).some((n) => n.metadata.name === ns));
});

afterAll(async () => {
  await kubeDelete(`/api/v1/namespaces/${ns}`);
  await kubeDelete(`/apis/rbac.authorization.k8s.io/v1/clusterroles/${aggregated}`);
  await kubeDelete(`/apis/rbac.authorization.k8s.io/v1/clusterroles/${part}`);
});

async function expectSameAsAccessReviews(id: Identity) {
  const scope = await personScope(id);
  const namespaces = (await cached<KubeObject>("namespaces")).map((n) => n.metadata.name);
  const mismatches: string[] = [];
  for (const rt of Object.values(RESOURCES)) {
    const clusterWide = await reviewAccess(id, { verb: "list", resource: rt.plural, group: rt.group });
    if (scopeAllows(scope, rt.group, rt.plural, undefined) !== clusterWide) mismatches.push(`${rt.plural} cluster-wide`);
    if (!rt.namespaced) continue;
    const answers = await Promise.all(namespaces.map((n) => reviewAccess(id, { verb: "list", resource: rt.plural, group: rt.group, namespace: n })));
    namespaces.forEach((n, i) => {
      if (scopeAllows(scope, rt.group, rt.plural, n) !== answers[i]) mismatches.push(`${rt.plural} in ${n}: review says ${answers[i]}`);
    });
  }
  expect(mismatches).toEqual([]);
}

describe("person scope", () => {
  it.each([
    ["john", john],
    ["bob", bob],
    ["alice", alice],
  ])("agrees with SubjectAccessReviews for every type and namespace (%s)", async (_name, id) => {
    await expectSameAsAccessReviews(id);
  });

  it("follows wildcards, subresource rules, resourceNames and aggregated ClusterRoles like the apiserver", async () => {
    await expectSameAsAccessReviews(tester);
    const scope = await personScope(tester);
    expect(scopeAllows(scope, "apps", "deployments", ns)).toBe(true); // apps/* in a Role
    expect(scopeAllows(scope, "", "persistentvolumeclaims", ns)).toBe(true); // via aggregation
    expect(scopeAllows(scope, "", "pods", ns)).toBe(false); // resourceNames only
    expect(scopeAllows(scope, "", "events", ns)).toBe(false); // events/* is subresources only
    expect(scopeAllows(scope, "apps", "deployments", "team-a")).toBe(false);
  });

  it("is computed once for people with the same groups whom no binding names personally", async () => {
    const groups = ["bindery:developers", "bindery:team-a", `bindery-test:team-${tag}`];
    const people: Identity[] = Array.from({ length: 50 }, (_, i) => ({ user: `scope-member-${i}-${tag}`, groups }));
    const before = accessCacheStats();
    const all = await Promise.all(people.map((p) => personScope(p)));
    const after = accessCacheStats();
    expect(after.rulesReviews - before.rulesReviews).toBe(2);
    expect(after.subjectAccessReviews - before.subjectAccessReviews).toBe(0);
    await expectSameAsAccessReviews(people[7]!);
    expect(scopeAllows(all[49], "", "persistentvolumeclaims", "team-a")).toBe(true);
  });

  it("does not share with someone a binding names personally (or the other way round)", async () => {
    const colleague: Identity = { user: `scope-colleague-${tag}`, groups: tester.groups };
    const [mine, theirs] = await Promise.all([personScope(tester), personScope(colleague)]);
    expect(scopeAllows(mine, "apps", "deployments", ns)).toBe(true); // the tester's own RoleBinding
    expect(scopeAllows(theirs, "apps", "deployments", ns)).toBe(false);
    expect(scopeAllows(theirs, "", "persistentvolumeclaims", ns)).toBe(true); // through the shared group
    await expectSameAsAccessReviews(colleague);
  });

  it("asks only where a RoleBinding names the person, and follows a new binding at once", async () => {
    const late: Identity = { user: `scope-late-${tag}`, groups: [] };
    const before = accessCacheStats();
    const first = await personScope(late);
    expect(accessCacheStats().rulesReviews - before.rulesReviews).toBe(1); // cluster-wide only
    expect(scopeAllows(first, "apps", "deployments", ns)).toBe(false);
    await bind("late", { kind: "Role", name: "wild" }, [subject("User", late.user)]);
    // The shared watch of RoleBindings sees it and the person's scope is recomputed, not kept until expiry.
    await waitFor("the new binding in the scope", async () => scopeAllows(await personScope(late), "apps", "deployments", ns));
    await expectSameAsAccessReviews(late);
  });

  // Faster than the scope's 30 s expiry: only the binding watch can make these pass in time.
  const PROMPTLY_MS = 10_000;

  it("follows a subject dropped from a binding, a binding deleted and a ClusterRoleBinding, for shared and own scopes", async () => {
    const group = `bindery-test:moved-${tag}`;
    const member: Identity = { user: `scope-moved-${tag}`, groups: [group] }; // shares by groups
    const own: Identity = { user: `scope-own-${tag}`, groups: [] }; // named personally
    const rb = `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`;
    const crb = `bindery-test-crb-${tag}`;
    await bind("moved", { kind: "Role", name: "wild" }, [subject("Group", group), subject("User", own.user)]);
    const deployments = async (id: Identity) => scopeAllows(await personScope(id), "apps", "deployments", ns);
    await waitFor("both bound", async () => (await deployments(member)) && (await deployments(own)), PROMPTLY_MS);

    // An update that drops the group: the binding still exists, the member loses it.
    const res = await kube("PATCH", `${rb}/moved`, { subjects: [subject("User", own.user)] }, "application/merge-patch+json");
    expect(res.status).toBe(200);
    await waitFor("the member's right gone", async () => !(await deployments(member)), PROMPTLY_MS);
    expect(await deployments(own)).toBe(true);
    await expectSameAsAccessReviews(member);

    await kubeDelete(`${rb}/moved`);
    await waitFor("the person's right gone", async () => !(await deployments(own)), PROMPTLY_MS);
    await expectSameAsAccessReviews(own);

    // Cluster-wide rights come from ClusterRoleBindings, for the group-shared scope too.
    const claimsEverywhere = async () => scopeAllows(await personScope(member), "", "persistentvolumeclaims", undefined);
    expect(await claimsEverywhere()).toBe(false);
    await bind(crb, { kind: "ClusterRole", name: part }, [subject("Group", group)], true);
    try {
      await waitFor("the cluster-wide right", claimsEverywhere, PROMPTLY_MS);
      await expectSameAsAccessReviews(member);
    } finally {
      await kubeDelete(`/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${crb}`);
    }
    await waitFor("the cluster-wide right gone", async () => !(await claimsEverywhere()), PROMPTLY_MS);
  });

  it("is computed once for many concurrent askers", async () => {
    const someone: Identity = { user: `scope-crowd-${tag}`, groups: ["bindery:developers", "bindery:team-a", `bindery-test:crowd-${tag}`] };
    const before = accessCacheStats();
    const all = await Promise.all(Array.from({ length: 100 }, () => personScope(someone)));
    const after = accessCacheStats();
    expect(new Set(all).size).toBe(1);
    // One rules review for the cluster-wide rights and one for team-a (the only namespace with a
    // RoleBinding naming them), for all 100 askers; no per-type access reviews.
    expect(after.rulesReviews - before.rulesReviews).toBe(2);
    expect(after.subjectAccessReviews - before.subjectAccessReviews).toBe(0);
    expect(scopeAllows(all[0], "", "persistentvolumeclaims", "team-a")).toBe(true);
    expect(scopeAllows(all[0], "", "persistentvolumeclaims", "team-b")).toBe(false);
  });
});

