// Human figures for usage: bytes in binary units with a space ("1.5 GiB"), percentages,
// counts. Pure; shared by pages, the export and tests.

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

export function humanBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return "—";
  const neg = bytes < 0;
  let v = Math.abs(bytes);
  let i = 0;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  // Three significant figures at most: "1.5 GiB", "12.3 GiB", "123 GiB".
  const s = i === 0 || v >= 100 ? String(Math.round(v)) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  const trimmed = s.includes(".") ? s.replace(/\.?0+$/, "") : s;
  return `${neg ? "-" : ""}${trimmed} ${UNITS[i]}`;
}

/** "83 %", "0.4 %" below 1 (a nearly empty volume is not "0 %"), "—" when unknown. */
export function humanPercent(p: number | undefined): string {
  if (p === undefined || !Number.isFinite(p)) return "—";
  if (p > 0 && p < 0.1) return "< 0.1 %";
  if (p > 0 && p < 1) return `${p.toFixed(1)} %`;
  return `${Math.round(p)} %`;
}

export function humanCount(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return "—";
  return Math.round(n).toLocaleString("en-US");
}

/** Bytes as GiB with one decimal (the review's "could give back" figures). */
export function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}

/** A window length in words: "7 days", "36 hours", "20 minutes". */
export function humanDuration(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 120) return `${min} minute${min === 1 ? "" : "s"}`;
  const h = Math.round(ms / 3_600_000);
  if (h < 48) return `${h} hours`;
  const d = Math.round(ms / 86_400_000);
  return `${d} days`;
}
