// Where a portal's CPU profile went, in our own sources: maps each call frame through the build's
// source maps (`.next/**/*.js.map`) and lists the runs of busy samples over --min ms, each with the
// frames that took most of it. A run is not one task: back-to-back tasks join. A trivial function
// "taking" 100+ ms means the process was waiting for a core (the sampler attributes the gap to it).
//   npm run bench:usage -- "--portal-flags=--cpu-prof --cpu-prof-dir=/tmp/prof"
//   node bench/cpu-profile.mjs /tmp/prof/CPU.*.cpuprofile [--min 50] [--from 20] [--to 60]
import fs from "node:fs";
import { SourceMap } from "node:module";
import { parseArgs } from "node:util";

const { values: opt, positionals } = parseArgs({ allowPositionals: true, options: { min: { type: "string", default: "50" }, from: { type: "string", default: "0" }, to: { type: "string", default: "Infinity" } } });
const p = JSON.parse(fs.readFileSync(positionals[0], "utf8"));
const maps = new Map();
function mapOf(url) {
  const file = url.replace(/^file:\/\//, "");
  if (maps.has(file)) return maps.get(file);
  let map = null;
  try {
    if (file.includes("/.next/")) map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, "utf8")));
  } catch {
    // No map (or one we cannot read): the frame keeps its built name.
  }
  maps.set(file, map);
  return map;
}
function label(cf) {
  const e = mapOf(cf.url)?.findEntry(cf.lineNumber, cf.columnNumber);
  if (e?.originalSource) {
    const name = cf.functionName.length > 2 ? cf.functionName : (e.name ?? (cf.functionName || "(anonymous)"));
    return `${name} ${e.originalSource.replace(/^turbopack:\/\/\/|^(\.\.\/)+/g, "")}:${e.originalLine + 1}`;
  }
  return `${cf.functionName || "(anonymous)"} ${cf.url.replace(/^.*\//, "")}:${cf.lineNumber + 1}`;
}
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map(p.nodes.flatMap((n) => (n.children ?? []).map((c) => [c, n.id])));
const runs = [];
let t = p.startTime;
let run;
for (let i = 0; i < p.samples.length; i++) {
  t += p.timeDeltas[i];
  if (byId.get(p.samples[i]).callFrame.functionName === "(idle)") run = undefined;
  else {
    if (!run) runs.push((run = { start: t, end: t, samples: [] }));
    run.end = t;
    run.samples.push([p.samples[i], p.timeDeltas[i + 1] ?? 0]);
  }
}
// Frames every stack has (the loop's own) say nothing about what held it.
const generic = /^(\(root\)|\(program\)|processTicksAndRejections|runMicrotasks|runNextTicks|processImmediate|listOnTimeout|processTimers) /;
for (const r of runs) {
  const at = (r.start - p.startTime) / 1e6;
  const ms = (r.end - r.start) / 1000;
  if (ms < Number(opt.min) || at < Number(opt.from) || at > Number(opt.to)) continue;
  const inclusive = new Map();
  for (const [id, dt] of r.samples) {
    const seen = new Set();
    for (let x = id; x !== undefined; x = parent.get(x)) {
      const k = label(byId.get(x).callFrame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  }
  const top = [...inclusive].filter(([k]) => !generic.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 6);
  console.log(`+${at.toFixed(2)} s, ${ms.toFixed(0)} ms busy: ${top.map(([k, us]) => `${(us / 1000).toFixed(0)} ms ${k}`).join(" | ")}`);
}
console.log(`profile: ${((p.endTime - p.startTime) / 1e6).toFixed(1)} s; times are from the portal's start`);
