/**
 * A small dependency-free metrics registry: counters, gauges and histograms with labels, and
 * the Prometheus text exposition format (version 0.0.4). Pure: no I/O, so it is unit-tested
 * directly; lib/metrics/index.ts holds the process-wide instance and the portal's metrics.
 */

export type Labels = Record<string, string>;

interface Family {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram";
  render(): string[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

export function formatLabels(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return "";
  return `{${keys.map((k) => `${k}="${escapeLabel(labels[k] ?? "")}"`).join(",")}}`;
}

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

function keyOf(labels: Labels): string {
  return formatLabels(labels);
}

function checkLabels(labelNames: readonly string[], labels: Labels): void {
  for (const k of Object.keys(labels)) {
    if (!labelNames.includes(k)) throw new Error(`unknown label ${k}`);
  }
}

abstract class Metric implements Family {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {
    if (!NAME.test(name)) throw new Error(`invalid metric name ${name}`);
    for (const l of labelNames) if (!LABEL.test(l) || l === "le") throw new Error(`invalid label name ${l}`);
  }
  abstract type: Family["type"];
  abstract render(): string[];
}

export class Counter extends Metric {
  readonly type = "counter";
  private values = new Map<string, { labels: Labels; value: number }>();

  inc(labels: Labels = {}, by = 1): void {
    if (by < 0) throw new Error("a counter only goes up");
    checkLabels(this.labelNames, labels);
    const k = keyOf(labels);
    const cur = this.values.get(k);
    if (cur) cur.value += by;
    else this.values.set(k, { labels, value: by });
  }

  get(labels: Labels = {}): number {
    return this.values.get(keyOf(labels))?.value ?? 0;
  }

  render(): string[] {
    return [...this.values.values()].map((s) => `${this.name}${formatLabels(s.labels)} ${formatValue(s.value)}`);
  }
}

/** A gauge set directly, or read at scrape time from a collect callback (no bookkeeping to drift). */
export class Gauge extends Metric {
  readonly type = "gauge";
  private values = new Map<string, { labels: Labels; value: number }>();

  constructor(
    name: string,
    help: string,
    labelNames: readonly string[] = [],
    private readonly collect?: () => { labels: Labels; value: number }[],
  ) {
    super(name, help, labelNames);
  }

  set(labels: Labels, value: number): void {
    checkLabels(this.labelNames, labels);
    this.values.set(keyOf(labels), { labels, value });
  }

  render(): string[] {
    const samples = this.collect ? this.collect() : [...this.values.values()];
    return samples.map((s) => `${this.name}${formatLabels(s.labels)} ${formatValue(s.value)}`);
  }
}

export class Histogram extends Metric {
  readonly type = "histogram";
  private series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();

  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    readonly buckets: readonly number[],
  ) {
    super(name, help, labelNames);
    buckets.forEach((b, i) => {
      if (i > 0 && b <= (buckets[i - 1] as number)) throw new Error("histogram buckets must increase");
    });
  }

  observe(labels: Labels, value: number): void {
    checkLabels(this.labelNames, labels);
    const k = keyOf(labels);
    let s = this.series.get(k);
    if (!s) {
      s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(k, s);
    }
    // Per-bucket counts; rendering accumulates them into Prometheus' cumulative "le" form.
    const i = this.buckets.findIndex((b) => value <= b);
    if (i >= 0) s.counts[i] = (s.counts[i] ?? 0) + 1;
    s.sum += value;
    s.count++;
  }

  count(labels: Labels = {}): number {
    return this.series.get(keyOf(labels))?.count ?? 0;
  }

  render(): string[] {
    const out: string[] = [];
    for (const s of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((b, i) => {
        cumulative += s.counts[i] ?? 0;
        out.push(`${this.name}_bucket${formatLabels({ ...s.labels, le: formatValue(b) })} ${cumulative}`);
      });
      out.push(`${this.name}_bucket${formatLabels({ ...s.labels, le: "+Inf" })} ${s.count}`);
      out.push(`${this.name}_sum${formatLabels(s.labels)} ${formatValue(s.sum)}`);
      out.push(`${this.name}_count${formatLabels(s.labels)} ${s.count}`);
    }
    return out;
  }
}

export class Registry {
  private families = new Map<string, Family>();

  private add<T extends Family>(m: T): T {
    const existing = this.families.get(m.name);
    if (existing) {
      if (existing.type !== m.type) throw new Error(`metric ${m.name} already registered as ${existing.type}`);
      return existing as T; // idempotent: module reloads get the same series
    }
    this.families.set(m.name, m);
    return m;
  }

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }

  gauge(name: string, help: string, labelNames: readonly string[] = [], collect?: ConstructorParameters<typeof Gauge>[3]): Gauge {
    return this.add(new Gauge(name, help, labelNames, collect));
  }

  histogram(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, labelNames, buckets));
  }

  /** The text exposition format; a family whose collector throws is skipped, not the whole scrape. */
  expose(): string {
    const lines: string[] = [];
    for (const f of this.families.values()) {
      let samples: string[];
      try {
        samples = f.render();
      } catch {
        continue;
      }
      lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`, ...samples);
    }
    return lines.join("\n") + "\n";
  }
}

export const CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
