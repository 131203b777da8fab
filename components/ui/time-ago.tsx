/** "3m", "2h", "5d": compact age like kubectl shows, computed at render time on the server. */
export function age(iso: string | undefined, now = Date.now()): string {
  if (!iso) return "—";
  const s = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

export function TimeAgo({ iso }: { iso: string | undefined }) {
  return <time dateTime={iso} title={iso}>{age(iso)}</time>;
}
