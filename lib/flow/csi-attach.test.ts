import { describe, expect, it } from "vitest";
import { deriveClaimFlow } from "./steps";
import { claim, input, pv, runningPod } from "./fixtures.test-helpers";

// The attach step of a CSI volume: skipped only where the CSIDriver says attachRequired=false.
const csiPv = pv({ source: { type: "csi", detail: "local.csi.bindery.io vol-1" }, provisionedBy: "local.csi.bindery.io" });
const bound = claim({ phase: "Bound", volumeName: csiPv.name, provisioner: "local.csi.bindery.io" });
const attachStep = (over: Parameters<typeof input>[0]) => deriveClaimFlow(input({ claim: bound, pv: csiPv, pods: [runningPod()], ...over })).steps.find((s) => s.id === "volume-attached");

describe("CSI attach step", () => {
  it("is 'not needed' when the driver says attachRequired=false", () => {
    const s = attachStep({ attachRequired: false });
    expect(s?.status).toBe("skipped");
    expect(s?.reason).toMatch(/CSI driver says attachRequired=false/);
  });
  it("follows the VolumeAttachment when the driver attaches", () => {
    expect(attachStep({ attachRequired: true, attachment: { node: "n1", attached: true, error: undefined, createdAt: undefined } })?.status).toBe("done");
    const failed = attachStep({ attachRequired: true, attachment: { node: "n1", attached: false, error: "rpc error: no such node", createdAt: undefined } });
    expect(failed?.status).toBe("stalled");
    expect(failed?.reason).toMatch(/no such node/);
  });
});
