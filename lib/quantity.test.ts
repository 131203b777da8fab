import { describe, expect, it } from "vitest";
import { formatBytes, parseQuantity } from "./quantity";

describe("quantities", () => {
  it("parses binary and decimal suffixes", () => {
    expect(parseQuantity("10Gi")).toBe(10 * 2 ** 30);
    expect(parseQuantity("500M")).toBe(500e6);
    expect(parseQuantity("1.5Ti")).toBe(1.5 * 2 ** 40);
    expect(parseQuantity("3")).toBe(3);
  });
  it("rejects what the apiserver would reject", () => {
    expect(parseQuantity("10 GB")).toBeUndefined();
    expect(parseQuantity("-1Gi")).toBeUndefined();
    expect(parseQuantity("")).toBeUndefined();
  });
  it("formats bytes in binary units", () => {
    expect(formatBytes(3 * 2 ** 30)).toBe("3Gi");
    expect(formatBytes(1.5 * 2 ** 30)).toBe("1.5Gi");
    expect(formatBytes(undefined)).toBe("—");
  });
});
