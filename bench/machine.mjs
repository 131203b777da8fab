// What else used the machine's CPU while a benchmark ran: the load average and the share of a
// core each local-cluster component used (read from /proc). On 2 cores the control plane shares
// the CPU with the portal, so page times depend on it (the PV binder's resync, see cluster/README.md).
import fs from "node:fs";
import os from "node:os";

const TICKS = 100; // USER_HZ on Linux

/** CPU ticks (user + system) per local-cluster component, e.g. "controller-manager". */
function clusterTicks() {
  const out = new Map();
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (!cmd[0]?.endsWith("bindery-cluster") || !cmd[1]) continue;
      // Fields after the command name: utime is 14th and stime 15th of the whole line.
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const name = cmd[1] === "node" ? `node ${cmd[cmd.indexOf("--name") + 1] ?? ""}`.trim() : cmd[1];
      out.set(name, (out.get(name) ?? 0) + Number(f[11]) + Number(f[12]));
    } catch {
      // The process ended while we read it.
    }
  }
  return out;
}

/** Starts measuring; `report()` says what the cluster used since, in one line. */
export function machineLoad() {
  const t0 = performance.now();
  const before = clusterTicks();
  return {
    report() {
      const secs = (performance.now() - t0) / 1000;
      const share = new Map([...clusterTicks()].map(([name, t]) => [name, (t - (before.get(name) ?? 0)) / TICKS / secs]));
      const busy = [...share].filter(([, s]) => s >= 0.05).sort((a, b) => b[1] - a[1]).map(([name, s]) => `${name} ${Math.round(s * 100)}%`);
      // The PV binder's 2 s dev resync against a 10k seed: the portal's figures then measure the contention.
      const hint = (share.get("controller-manager") ?? 0) > 1 ? " (the controller-manager took over a core: start the cluster with BINDERY_PV_SYNC_PERIOD=15s)" : "";
      return `load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores; local cluster over ${secs.toFixed(0)} s: ${busy.join(", ") || "idle"} of a core${hint}`;
    },
  };
}
