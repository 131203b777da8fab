import { describe, expect, it } from "vitest";
import { volumesFor, withoutBackendDetails } from "./redact";

const nfs = { name: "pv-1", capacity: "10Gi", source: { type: "nfs", detail: "10.0.0.5:/exports/finance" }, nodeAffinity: "zone In a" };

describe("backend details", () => {
  it("are removed for people who may not read volumes, keeping what a request needs", () => {
    expect(withoutBackendDetails(nfs)).toEqual({ name: "pv-1", capacity: "10Gi", source: { type: "nfs", detail: "" }, nodeAffinity: "" });
    expect(JSON.stringify(volumesFor([nfs], false))).not.toContain("10.0.0.5");
  });
  it("stay for people who may", () => {
    expect(volumesFor([nfs], true)[0]).toBe(nfs);
  });
});
