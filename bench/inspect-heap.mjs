// Live heap of a portal started with --inspect, after a full GC (a profiling aid for bench:scale):
//   node bench/inspect-heap.mjs [--port 9229] [--eval "<expression run in the portal>"]
// Without --eval prints process.memoryUsage() in MiB after two GCs.
import { parseArgs } from "node:util";

const { values: opt } = parseArgs({ options: { port: { type: "string", default: "9229" }, eval: { type: "string" } } });
const [target] = await (await fetch(`http://127.0.0.1:${opt.port}/json/list`)).json();
const ws = new WebSocket(target.webSocketDebuggerUrl);
await new Promise((r, j) => ((ws.onopen = r), (ws.onerror = j)));
let seq = 0;
const pending = new Map();
ws.onmessage = (m) => {
  const msg = JSON.parse(m.data);
  if (msg.id && pending.has(msg.id)) pending.get(msg.id)(msg);
};
const send = (method, params = {}) => new Promise((r) => { const id = ++seq; pending.set(id, r); ws.send(JSON.stringify({ id, method, params })); });
await send("HeapProfiler.enable");
await send("HeapProfiler.collectGarbage");
await send("HeapProfiler.collectGarbage");
const expr = opt.eval ?? "JSON.stringify(Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 2 ** 20)])))";
const r = await send("Runtime.evaluate", { expression: expr, returnByValue: true, awaitPromise: true, includeCommandLineAPI: true });
console.log(r.result?.result?.value ?? JSON.stringify(r.result ?? r.error));
ws.close();
