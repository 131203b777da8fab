/** Kubernetes resource quantities ("10Gi", "500M", "1.5Ti") to bytes and back, for storage. */
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

export const QUANTITY_PATTERN = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

export function parseQuantity(q: string | undefined): number | undefined {
  if (!q) return undefined;
  const m = QUANTITY_PATTERN.exec(q.trim());
  if (!m) return undefined;
  const unit = m[2] ?? "";
  const factor = BINARY[unit] ?? DECIMAL[unit];
  if (factor === undefined) return undefined;
  return Number(m[1]) * factor;
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return "—";
  const units = ["B", "Ki", "Mi", "Gi", "Ti", "Pi"];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const s = Number.isInteger(v) ? String(v) : v.toFixed(1).replace(/\.0$/, "");
  return `${s}${units[i]}`;
}
