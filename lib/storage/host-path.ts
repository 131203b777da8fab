/**
 * Where static hostPath volumes may point. A hostPath volume exposes a node directory to
 * whichever pod mounts it, so the portal limits it to directories set aside for volumes
 * (BINDERY_HOSTPATH_PREFIXES, comma-separated; default: the local cluster's volume directory).
 * Pure.
 */
export const DEFAULT_HOSTPATH_PREFIXES = ["/tmp/hostpath_pv/"];

export function hostPathPrefixes(env: Record<string, string | undefined> = process.env): string[] {
  const raw = env.BINDERY_HOSTPATH_PREFIXES;
  if (raw === undefined || raw.trim() === "") return DEFAULT_HOSTPATH_PREFIXES;
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.startsWith("/"))
    .map((s) => (s.endsWith("/") ? s : `${s}/`));
}

/** Why the path is not allowed, or undefined. Only directories below a prefix, never the prefix itself. */
export function hostPathProblem(path: string, prefixes: string[]): string | undefined {
  const p = path.trim();
  const inside = prefixes.some((prefix) => p.startsWith(prefix) && p.length > prefix.length);
  if (inside && !p.split("/").includes("..")) return undefined;
  if (prefixes.length === 0) return "Host path volumes are turned off for this portal.";
  return `Host paths must be below ${prefixes.join(" or ")} (set by the portal's BINDERY_HOSTPATH_PREFIXES).`;
}
