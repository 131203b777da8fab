// Where a process's resident memory is, from /proc/<pid>/smaps (a profiling aid for bench:scale's
// "portal RSS" figure): file-backed (code), the main malloc arena ([heap]), glibc's per-thread
// arenas (64 MiB-aligned reservations), and other anonymous mappings by size (V8 pages, large
// malloc chunks, Buffers) — tells allocator high-water from a growing heap.
//   node bench/native-mem.mjs --pid 1234              # one reading
//   node bench/native-mem.mjs --pid 1234 --trim       # then malloc_trim(0) through gdb, read again
import fs from "node:fs";
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";

const ARENA = 64 * 2 ** 20; // glibc HEAP_MAX_SIZE on 64-bit: each thread arena heap is one aligned 64 MiB reservation

/** Resident KiB of a process by area (pure over smaps text, so the bench can call it too). */
export function smapsAreas(text) {
  const maps = [];
  let cur;
  for (const line of text.split("\n")) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) {
      cur = { start: BigInt(`0x${head[1]}`), end: BigInt(`0x${head[2]}`), perms: head[3], name: head[4], rss: 0 };
      maps.push(cur);
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && cur) cur.rss = Number(rss[1]);
  }
  const areas = { file: 0, heap: 0, arenas: 0, arenaCount: 0, anonSmall: 0, anonMid: 0, anonLarge: 0, stack: 0, other: 0 };
  for (let i = 0; i < maps.length; i++) {
    const m = maps[i];
    const size = Number(m.end - m.start);
    if (m.name.startsWith("/")) areas.file += m.rss;
    else if (m.name === "[heap]") areas.heap += m.rss;
    else if (m.name.startsWith("[stack")) areas.stack += m.rss;
    else if (m.name) areas.other += m.rss;
    else if (m.start % BigInt(ARENA) === 0n && m.perms.startsWith("rw") && maps[i + 1]?.start === m.end && maps[i + 1].perms === "---p" && Number(maps[i + 1].end - m.start) === ARENA) {
      areas.arenas += m.rss;
      areas.arenaCount++;
    } else if (size < 2 ** 20) areas.anonSmall += m.rss;
    else if (size < 16 * 2 ** 20) areas.anonMid += m.rss;
    else areas.anonLarge += m.rss;
  }
  return areas;
}

export function readAreas(pid) {
  return smapsAreas(fs.readFileSync(`/proc/${pid}/smaps`, "utf8"));
}

export function formatAreas(a) {
  const m = (kb) => `${(kb / 1024).toFixed(0)}`;
  const total = a.file + a.heap + a.arenas + a.anonSmall + a.anonMid + a.anonLarge + a.stack + a.other;
  return `${m(total)} MiB = code/files ${m(a.file)} + main arena ${m(a.heap)} + ${a.arenaCount} thread arenas ${m(a.arenas)} + anon <1M ${m(a.anonSmall)} / 1-16M ${m(a.anonMid)} / >=16M ${m(a.anonLarge)} + stacks ${m(a.stack)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values: opt } = parseArgs({ options: { pid: { type: "string" }, trim: { type: "boolean", default: false } } });
  console.log(`before: ${formatAreas(readAreas(opt.pid))}`);
  if (opt.trim) {
    // Signals arriving during the call (Node's own) must pass through, or gdb leaves the process dead.
    const gdb = ["-p", opt.pid, "-batch", "-ex", "set unwindonsignal on", "-ex", "handle all nostop noprint pass", "-ex", "call (int) malloc_trim(0)"];
    const r = spawnSync("gdb", gdb, { encoding: "utf8" });
    console.log(`malloc_trim(0) -> ${/\$1 = (\d+)/.exec(r.stdout)?.[1] ?? `? ${r.stderr.slice(0, 200)}`}`);
    console.log(`after:  ${formatAreas(readAreas(opt.pid))}`);
  }
}
