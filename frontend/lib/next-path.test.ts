import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_LOGIN, sanitizeNextPath } from "./next-path";

const ORIGIN = "https://app.example";

/** Where a browser on ORIGIN ends up when it follows a redirect to `location`. */
function landsOn(location: string): string {
  return new URL(location, ORIGIN).origin;
}

describe("sanitizeNextPath", () => {
  it.each([
    ["/dashboard", "/dashboard"],
    ["/dashboard/settings?tab=security", "/dashboard/settings?tab=security"],
    ["/settings#profile", "/settings#profile"],
    ["/", "/"],
    ["/a/../dashboard", "/dashboard"],
    ["/./dashboard", "/dashboard"],
    ["/settings?next=//evil.example", "/settings?next=//evil.example"],
    ["/javascript:alert(1)//", "/javascript:alert(1)//"],
    ["/caf%C3%A9", "/caf%C3%A9"],
    ["/café", "/caf%C3%A9"],
    // Fullwidth and look-alike slashes are not slashes to a URL parser: they stay an encoded path on this site.
    ["/／evil.example", "/%EF%BC%8Fevil.example"],
    ["/∕evil.example", "/%E2%88%95evil.example"],
    ["/⁄evil.example", "/%E2%81%84evil.example"],
    ["/%252F%252Fevil.example", "/%252F%252Fevil.example"],
  ])("keeps the same-site path %j as %j", (candidate, expected) => {
    expect(sanitizeNextPath(candidate)).toBe(expected);
    expect(landsOn(sanitizeNextPath(candidate))).toBe(ORIGIN);
  });

  it.each([
    // scheme-relative and backslashed
    "//evil.example",
    "//evil.example/dashboard",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    // dot segments that normalise into a leading "//"
    "/.//evil.example",
    "/./%2F/evil.example",
    "/../..//evil.example",
    "/a/..//evil.example",
    "/%2e//evil.example",
    "/%2E%2E//evil.example",
    "/.%2F%2Fevil.example",
    "/.%2F/evil.example",
    // encoded slashes and backslashes that decode into another host
    "/%2Fsettings",
    "/%2F/evil.example",
    "/%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%5C%5Cevil.example",
    "%2F%2Fevil.example",
    "%252F%252Fevil.example",
    // tab, newline and CR, raw or encoded, which browsers strip inside URLs
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "/\r\n/evil.example",
    "/%09/evil.example",
    "/%0A/evil.example",
    "/%0D%0A/evil.example",
    "/%00/evil.example",
    // absolute URLs and other schemes
    "https://evil.example",
    "https:evil.example",
    "https:/evil.example",
    "http://localhost:3000/dashboard",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,hi",
    "//xn--bcher-kva.example",
    "//bücher.example",
    "https://bücher.example/dashboard",
    // Unicode slashes where a slash would have to start the path
    "／／evil.example",
    "∕∕evil.example",
    "⁄⁄evil.example",
    // relative, blank, malformed
    "evil.example",
    "dashboard",
    " /dashboard",
    "",
    "/%E0%A4%A",
  ])("refuses %j", (candidate) => {
    expect(sanitizeNextPath(candidate)).toBe(DEFAULT_AFTER_LOGIN);
  });

  it.each([
    ["null", null],
    ["undefined", undefined],
    ["a number", 42],
    ["an array", ["/dashboard"]],
    ["an object", { toString: () => "/dashboard" }],
    ["a String object", new String("/dashboard")],
    ["a File", new File(["x"], "/dashboard")],
  ])("refuses %s", (_label, candidate) => {
    expect(sanitizeNextPath(candidate)).toBe(DEFAULT_AFTER_LOGIN);
  });

  it.each([
    ["just over the limit", `/${"a".repeat(2048)}`],
    ["far over the limit", `/${"a".repeat(100_000)}`],
    ["long and hostile", `/.//evil.example/${"a".repeat(3000)}`],
  ])("refuses a value %s", (_label, candidate) => {
    expect(sanitizeNextPath(candidate)).toBe(DEFAULT_AFTER_LOGIN);
  });

  it("keeps a long value within the limit", () => {
    const path = `/${"a".repeat(2000)}`;
    expect(sanitizeNextPath(path)).toBe(path);
  });

  it("uses the given fallback", () => {
    expect(sanitizeNextPath("/.//evil.example", "")).toBe("");
  });
});
