import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_LOGIN, sanitizeNextPath } from "./next-path";

describe("sanitizeNextPath", () => {
  it.each([
    ["/dashboard", "/dashboard"],
    ["/dashboard/settings?tab=security", "/dashboard/settings?tab=security"],
    ["/settings#profile", "/settings#profile"],
    ["/", "/"],
    ["/a/../dashboard", "/dashboard"],
  ])("keeps the same-site path %s", (candidate, expected) => {
    expect(sanitizeNextPath(candidate)).toBe(expected);
  });

  it.each([
    "//evil.example",
    "//evil.example/dashboard",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "https://evil.example",
    "http://localhost:3000/dashboard",
    "javascript:alert(1)",
    "data:text/html,hi",
    "evil.example",
    "dashboard",
    "/\t/evil.example",
    "/\n/evil.example",
    " /dashboard",
    "",
  ])("rejects %j", (candidate) => {
    expect(sanitizeNextPath(candidate)).toBe(DEFAULT_AFTER_LOGIN);
  });

  it("rejects values that are not strings", () => {
    expect(sanitizeNextPath(null)).toBe(DEFAULT_AFTER_LOGIN);
    expect(sanitizeNextPath(undefined)).toBe(DEFAULT_AFTER_LOGIN);
    expect(sanitizeNextPath(["/dashboard"])).toBe(DEFAULT_AFTER_LOGIN);
  });

  it("rejects absurdly long values", () => {
    expect(sanitizeNextPath(`/${"a".repeat(5000)}`)).toBe(DEFAULT_AFTER_LOGIN);
  });

  it("uses the given fallback", () => {
    expect(sanitizeNextPath("//evil.example", "")).toBe("");
  });
});
