import { describe, expect, it } from "vitest";
import { leaseConfig } from "./lease";

describe("leaseConfig", () => {
  it("reads durations and identity from the environment, keeping retry <= renew deadline <= duration", () => {
    const c = leaseConfig({ POD_NAME: "portal-7f", POD_NAMESPACE: "tools", BINDERY_LEASE_DURATION_SECONDS: "8", BINDERY_LEASE_RENEW_DEADLINE_SECONDS: "20", BINDERY_LEASE_RETRY_SECONDS: "30" });
    expect(c).toMatchObject({ identity: "portal-7f", namespace: "tools", name: "bindery-portal-leader", leaseDurationS: 8, renewDeadlineS: 8, retryS: 8 });
  });

  it("falls back to safe defaults for missing or nonsense values", () => {
    const c = leaseConfig({ BINDERY_LEASE_DURATION_SECONDS: "-3", BINDERY_LEASE_RETRY_SECONDS: "abc", BINDERY_LEASE_NAMESPACE: "ns1" });
    expect(c).toMatchObject({ namespace: "ns1", leaseDurationS: 15, renewDeadlineS: 10, retryS: 2 });
    expect(c.identity).toMatch(/-\d+$/); // host-pid
  });
});
