import { describe, expect, it } from "vitest";
import { isGuestOnlyPath, isProtectedPath, loginUrlFor } from "./routes";

describe("route groups", () => {
  it.each(["/dashboard", "/dashboard/", "/dashboard/team", "/settings", "/settings/security"])(
    "%s is protected",
    (path) => {
      expect(isProtectedPath(path)).toBe(true);
    },
  );

  it.each(["/", "/login", "/signup", "/dashboards", "/settingsx", "/api/dashboard"])(
    "%s is not protected",
    (path) => {
      expect(isProtectedPath(path)).toBe(false);
    },
  );

  it("treats login and signup as guest-only", () => {
    expect(isGuestOnlyPath("/login")).toBe(true);
    expect(isGuestOnlyPath("/signup")).toBe(true);
    expect(isGuestOnlyPath("/loginx")).toBe(false);
  });

  it("encodes the requested path into the login URL", () => {
    expect(loginUrlFor("/dashboard?tab=a&b=c")).toBe("/login?next=%2Fdashboard%3Ftab%3Da%26b%3Dc");
  });

  it.each(["/.//evil.example", "//evil.example", null])(
    "returns to the dashboard instead of %j",
    (requested) => {
      expect(loginUrlFor(requested)).toBe("/login?next=%2Fdashboard");
    },
  );
});
