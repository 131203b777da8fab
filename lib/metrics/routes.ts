/**
 * Maps a request path to its route pattern ("/claims/[namespace]/[name]"), so metrics and logs
 * carry a bounded set of labels instead of one per object name. The patterns come from the
 * build's own routes manifest; pure apart from the data passed in, so it is unit-tested.
 */
export interface RouteManifest {
  staticRoutes?: { page: string; regex: string }[];
  dynamicRoutes?: { page: string; regex: string }[];
}

export type RouteMatcher = (pathname: string) => string;

export function routeMatcher(manifest: RouteManifest | undefined): RouteMatcher {
  const statics = new Map<string, string>();
  for (const r of manifest?.staticRoutes ?? []) statics.set(r.page, r.page);
  const dynamics = (manifest?.dynamicRoutes ?? []).map((r) => ({ page: r.page, re: new RegExp(r.regex) }));
  return (pathname) => {
    if (pathname.startsWith("/_next/")) return "/_next";
    const trimmed = pathname.length > 1 ? pathname.replace(/\/$/, "") : pathname;
    const s = statics.get(trimmed);
    if (s) return s;
    for (const d of dynamics) if (d.re.test(pathname)) return d.page;
    return "other";
  };
}
