import { getIdentity, isStorageAdmin } from "@/lib/auth/session";
import { claimsForMatching, volumesOfClass } from "@/lib/k8s/persistent-volumes";
import { listScope } from "@/lib/k8s/scope";
import { claimsForVolume, volumeMatchesClaim } from "@/lib/storage/pv-matching";
import { buildPersistentVolume, matchableDraft, persistentVolumeDraft } from "@/lib/validations/persistent-volume";
import type { PreviewResponse } from "@/components/volumes/match-preview";

export const dynamic = "force-dynamic";

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

/**
 * Match preview for the new-volume form: which Pending claims the drafted PV would bind to,
 * by the binder's rules, from the shared cache (no apiserver request per keystroke).
 */
export async function GET(request: Request): Promise<Response> {
  const id = await getIdentity();
  if (!id) return json({ error: "Sign in first." }, 401);
  if (!(await isStorageAdmin(id))) return json({ error: "Only storage admins can preview volumes." }, 403);
  try {
    const params = new URL(request.url).searchParams;
    const values: Record<string, string> = {};
    for (const [k, v] of params) values[k] = values[k] === undefined ? v : `${values[k]}\n${v}`;
    const volume = matchableDraft(buildPersistentVolume(persistentVolumeDraft(values)));
    const [claims, pvs, scope] = await Promise.all([
      claimsForMatching(volume.storageClass),
      volumesOfClass(volume.storageClass),
      listScope(id, "persistentvolumeclaims"),
    ]);
    const mine = scope.all ? claims : claims.filter((c) => scope.namespaces.includes(c.namespace));
    const pending = mine.filter((c) => c.phase === "Pending" && !c.deleting);
    const matches = claimsForVolume(volume, pending, pvs);
    const matched = new Set(matches.map((m) => `${m.claim.namespace}/${m.claim.name}`));
    const body: PreviewResponse = {
      matches: matches.map(({ claim, likely }) => ({
        namespace: claim.namespace,
        name: claim.name,
        requested: claim.requested,
        accessModes: claim.accessModes,
        storageClass: claim.storageClass,
        likely,
      })),
      misses: pending
        .filter((c) => (c.storageClass ?? "") === volume.storageClass && !matched.has(`${c.namespace}/${c.name}`))
        .slice(0, 20)
        .map((c) => {
          const r = volumeMatchesClaim(volume, c);
          return { namespace: c.namespace, name: c.name, requested: c.requested, reasons: r.ok ? ["a better-fitting volume exists"] : r.reasons };
        }),
    };
    return json(body);
  } catch {
    return json({ error: "The preview is not available right now." }, 503);
  }
}
