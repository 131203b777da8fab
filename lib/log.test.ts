import { describe, expect, it } from "vitest";
import { outsideRequest, requestContext, requestContextStorage } from "./log";

const ctx = { requestId: "r1", route: "/claims", apiCalls: 0, apiMs: 0 };

describe("outsideRequest", () => {
  it("runs without the request context, and timers it creates never see that request", async () => {
    const seen = await requestContextStorage().run(ctx, async () => {
      expect(requestContext()?.requestId).toBe("r1");
      const inside = outsideRequest(() => requestContext());
      const later = await outsideRequest(() => new Promise((r) => setTimeout(() => r(requestContext()), 1)));
      return { inside, later, after: requestContext()?.requestId };
    });
    expect(seen).toEqual({ inside: undefined, later: undefined, after: "r1" });
  });

  it("a timer created inside a request keeps that request (what outsideRequest prevents)", async () => {
    const later = await requestContextStorage().run(ctx, () => new Promise((r) => setTimeout(() => r(requestContext()), 1)));
    expect(later).toEqual(ctx);
  });
});

describe("log.debug", () => {
  it("writes only when BINDERY_LOG_LEVEL=debug", async () => {
    const { log } = await import("./log");
    const lines: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (lines.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      delete process.env.BINDERY_LOG_LEVEL;
      log.debug("quiet", { n: 1 });
      process.env.BINDERY_LOG_LEVEL = "debug";
      log.debug("heard", { n: 2 });
    } finally {
      process.stdout.write = orig;
      delete process.env.BINDERY_LOG_LEVEL;
    }
    expect(lines.map((l) => JSON.parse(l) as { msg: string; level: string })).toMatchObject([{ msg: "heard", level: "debug" }]);
  });
});
