import { describe, expect, it } from "vitest";
import { hostPathPrefixes, hostPathProblem } from "./host-path";

describe("host path prefixes", () => {
  it("default to the local cluster's volume directory and read a comma-separated list", () => {
    expect(hostPathPrefixes({})).toEqual(["/tmp/hostpath_pv/"]);
    expect(hostPathPrefixes({ BINDERY_HOSTPATH_PREFIXES: "/srv/volumes, /data/pv/, relative" })).toEqual(["/srv/volumes/", "/data/pv/"]);
  });
  it("allow directories below a prefix only", () => {
    const p = ["/srv/volumes/"];
    expect(hostPathProblem("/srv/volumes/team-a", p)).toBeUndefined();
    expect(hostPathProblem("/srv/volumes/", p)).toMatch(/below \/srv\/volumes\//);
    expect(hostPathProblem("/srv/volumes-other/x", p)).toMatch(/below/);
    expect(hostPathProblem("/etc", p)).toMatch(/below/);
    expect(hostPathProblem("/var/run/docker.sock", p)).toMatch(/below/);
    expect(hostPathProblem("/srv/volumes/../../etc", p)).toMatch(/below/);
  });
});
