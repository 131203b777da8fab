import "server-only";
import type { ResourceRule } from "./access";

/**
 * Whether rules the apiserver enumerated (SelfSubjectRulesReview) allow `verb` on a whole
 * collection. Mirrors how RBAC reads its own rules: "*" matches any verb, group or resource;
 * "pods/*" covers only subresources; a rule limited to resourceNames never allows a list or
 * watch of the collection (the request carries no name).
 */
export function rulesAllow(rules: ResourceRule[], verb: string, group: string, resource: string): boolean {
  return rules.some(
    (r) =>
      (r.resourceNames?.length ?? 0) === 0 &&
      r.verbs.some((v) => v === "*" || v === verb) &&
      (r.apiGroups ?? []).some((g) => g === "*" || g === group) &&
      (r.resources ?? []).some((x) => x === "*" || x === resource),
  );
}
