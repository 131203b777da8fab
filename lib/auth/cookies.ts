/** Cookie header -> name/value map (next-auth reads its possibly chunked session cookie from it). */
export function parseCookies(header: string | undefined): Record<string, string> {
  // A Map, then own properties: a cookie named "__proto__" or "constructor" stays a plain entry.
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    // The first of duplicate names wins: browsers send the most specific path first.
    if (!name || out.has(name)) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      out.set(name, decodeURIComponent(raw));
    } catch {
      out.set(name, raw);
    }
  }
  return Object.fromEntries(out);
}
