// Portal memory per idle live stream, separated from fixed costs: starts a real portal, opens
// streams in steps (e.g. 0 -> 200 -> 1000) as one person and reads RSS and JS heap after a GC at
// each step. The cost per stream is the slope between steps, so one-off growth (code compiled,
// heap spaces grown on the first burst) shows up in the first step only.
// Usage: node bench/live-memory.mts [--steps 200,1000] [--port 3421] [--snapshot]
// --snapshot writes a V8 heap snapshot at each step (portal cwd) for a per-constructor diff.
import { readFileSync } from "node:fs";
import { openStream, portalStats, runBench, signIn, sleep, startPortal, waitUntil, type LiveClient } from "./live-portal.mts";

const argOf = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const STEPS = (argOf("steps") ?? "200,1000").split(",").map(Number);
const PORT = Number(argOf("port") ?? 3421);
const SNAPSHOT = process.argv.includes("--snapshot");
const kib = (b: number) => (b / 1024).toFixed(0);

/** Where the portal's resident memory is (same machine): malloc's main heap vs other anonymous maps. */
function residentParts(pid: number | undefined): string {
  if (!pid) return "";
  try {
    let heap = 0;
    let anon = 0;
    let current = "";
    for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
      if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) current = line.split(/\s+/)[5] ?? "";
      else if (line.startsWith("Rss:")) {
        const kb = Number(line.split(/\s+/)[1]);
        if (current === "[heap]") heap += kb;
        else if (current === "") anon += kb;
      }
    }
    return `, malloc heap ${heap} KiB, other anonymous ${anon} KiB`;
  } catch {
    return "";
  }
}

async function main() {
  const max = Math.max(...STEPS);
  const portal = await startPortal(PORT, {
    BINDERY_LIVE_MAX_PER_PERSON: String(max + 10),
    BINDERY_LIVE_MAX_STREAMS: String(max + 100),
    NODE_OPTIONS: `--expose-gc${SNAPSHOT ? " --heapsnapshot-signal=SIGUSR2" : ""}`,
  });
  const streams: LiveClient[] = [];
  try {
    const cookie = await signIn(portal.base, "bob");
    const warm = await openStream(portal.base, cookie);
    await waitUntil("warm-up stream ready", () => warm.readyAt !== undefined, 60_000);
    warm.close();
    await sleep(3000);
    const reading = async (label: string) => {
      await portalStats(portal, true);
      await sleep(1000);
      const s = await portalStats(portal, true);
      if (SNAPSHOT && s.pid) {
        process.kill(s.pid, "SIGUSR2");
        await sleep(15_000); // the snapshot is written synchronously by the portal
      }
      console.log(`${label}: rss ${kib(s.memory.rss)} KiB, heap used ${kib(s.memory.heapUsed)} of ${kib(s.memory.heapTotal ?? 0)} KiB${residentParts(s.pid)}, external ${kib(s.memory.external ?? 0)} KiB, array buffers ${kib(s.memory.arrayBuffers ?? 0)} KiB`);
      return s;
    };
    let prev = await reading("0 streams");
    let prevN = 0;
    for (const n of STEPS) {
      while (streams.length < n) {
        const batch = await Promise.all(Array.from({ length: Math.min(100, n - streams.length) }, () => openStream(portal.base, cookie)));
        streams.push(...batch);
      }
      await waitUntil("every stream ready", () => streams.every((s) => s.readyAt !== undefined), 120_000);
      await sleep(2000);
      const cur = await reading(`${n} streams`);
      const d = n - prevN;
      console.log(
        `  per stream (${prevN} -> ${n}): rss ${kib((cur.memory.rss - prev.memory.rss) / d)} KiB, heap ${kib((cur.memory.heapUsed - prev.memory.heapUsed) / d)} KiB, external ${kib(((cur.memory.external ?? 0) - (prev.memory.external ?? 0)) / d)} KiB`,
      );
      prev = cur;
      prevN = n;
    }
  } finally {
    for (const s of streams) s.close();
    await portal.stop();
  }
}

runBench(main);
