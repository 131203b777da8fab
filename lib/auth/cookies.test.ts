import { describe, expect, it } from "vitest";
import { parseCookies } from "./cookies";

describe("parseCookies", () => {
  it.each([
    ["no header", undefined, {}],
    ["one cookie", "next-auth.session-token=abc.def-ghi_", { "next-auth.session-token": "abc.def-ghi_" }],
    ["several, spaces trimmed", "a=1;  b=2 ; c=3", { a: "1", b: "2", c: "3" }],
    ["chunked session cookie", "next-auth.session-token.0=x; next-auth.session-token.1=y", { "next-auth.session-token.0": "x", "next-auth.session-token.1": "y" }],
    ["percent-encoded value", "n=a%20b", { n: "a b" }],
    ["malformed encoding kept as sent", "n=%E0%A4%A", { n: "%E0%A4%A" }],
    ["value with '='", "n=a=b", { n: "a=b" }],
    ["first of a repeated name wins", "n=first; n=second", { n: "first" }],
    ["parts without a name or '=' skipped", "=x; flag; ok=1", { ok: "1" }],
    ["prototype names stay plain entries", "__proto__=x; constructor=y", Object.fromEntries([["__proto__", "x"], ["constructor", "y"]])],
  ])("%s", (_label, header, want) => {
    expect(parseCookies(header)).toEqual(want);
  });
});
