import { describe, expect, it } from "vitest";
import { rulesAllow } from "./scope-rules";

describe("rulesAllow", () => {
  const rule = (verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]) => ({ verbs, apiGroups, resources, resourceNames });

  it("matches exact verbs, groups and resources", () => {
    expect(rulesAllow([rule(["get", "list"], [""], ["persistentvolumeclaims"])], "list", "", "persistentvolumeclaims")).toBe(true);
    expect(rulesAllow([rule(["get"], [""], ["persistentvolumeclaims"])], "list", "", "persistentvolumeclaims")).toBe(false);
    expect(rulesAllow([rule(["list"], ["apps"], ["deployments"])], "list", "", "deployments")).toBe(false);
  });

  it("understands wildcards the way RBAC does", () => {
    expect(rulesAllow([rule(["*"], ["*"], ["*"])], "list", "storage.k8s.io", "storageclasses")).toBe(true);
    expect(rulesAllow([rule(["list"], ["*"], ["pods"])], "list", "", "pods")).toBe(true);
    // pods/* covers subresources only, not the pods collection.
    expect(rulesAllow([rule(["list"], [""], ["pods/*"])], "list", "", "pods")).toBe(false);
  });

  it("never lets a rule limited to names allow listing the collection", () => {
    expect(rulesAllow([rule(["list"], [""], ["pods"], ["one"])], "list", "", "pods")).toBe(false);
  });
});
