import { describe, expect, it } from "vitest";
import { eventChangesReview, indexEvents } from "./event-index";
import type { EventLike } from "./types";

let n = 0;
const ev = (kind: string, name: string, at: string, o: { reason?: string; message?: string; type?: string } = {}): EventLike => ({
  metadata: { name: `${name}.${++n}`, namespace: "team" },
  involvedObject: { kind, name, namespace: kind === "PersistentVolume" ? undefined : "team" },
  type: o.type ?? "Normal",
  reason: o.reason ?? "FailedBinding",
  message: o.message ?? "no persistent volumes available for this claim and no storage class is set",
  lastTimestamp: `2026-12-01T10:00:${at}Z`,
});
const claim = (at: string, o?: Parameters<typeof ev>[3]) => ev("PersistentVolumeClaim", "data", at, o);
const volume = (at: string, o?: Parameters<typeof ev>[3]) => ev("PersistentVolume", "pv-1", at, o);

describe("eventChangesReview", () => {
  it.each<[string, EventLike, EventLike[], boolean]>([
    ["first event of a claim", claim("10"), [], true],
    ["the same text again under a new name", claim("20"), [claim("10")], false],
    ["a newer event with another reason", claim("20", { reason: "ProvisioningFailed" }), [claim("10")], true],
    ["a newer event with another message", claim("20", { message: "waiting for a volume" }), [claim("10")], true],
    ["an older event than the one shown", claim("05", { reason: "Provisioning" }), [claim("10")], false],
    ["the shown event going away, an older different one left", claim("20"), [claim("10", { reason: "Provisioning" })], true],
    ["a volume's normal event (only warnings show)", volume("10"), [], false],
    ["a volume's first warning", volume("10", { type: "Warning", reason: "VolumeFailedRecycle" }), [], true],
    ["a volume's warning repeated", volume("20", { type: "Warning" }), [volume("10", { type: "Warning" })], false],
    ["an event about a pod", ev("Pod", "web-0", "10"), [], false],
  ])("%s → %s", (_, e, others, want) => {
    expect(eventChangesReview(e, others)).toBe(want);
  });

  it("agrees with the index the classification reads", () => {
    // Whatever it says, the text the classification shows after the change must match.
    const cases: [EventLike, EventLike[]][] = [
      [claim("20"), [claim("10")]],
      [claim("20", { reason: "Other" }), [claim("10")]],
      [claim("05", { reason: "Other" }), [claim("10")]],
    ];
    for (const [e, others] of cases) {
      const shown = (events: EventLike[]) => {
        const it = indexEvents(events);
        let r = it.next();
        while (!r.done) r = it.next();
        const x = r.value.latest.get("PersistentVolumeClaim/team/data");
        return `${x?.reason}: ${x?.message}`;
      };
      expect(eventChangesReview(e, others)).toBe(shown(others) !== shown([...others, e]));
    }
  });
});
