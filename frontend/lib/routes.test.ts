import { describe, expect, it } from "vitest";
import {
  isGuestOnlyPath,
  isProtectedPath,
  isSocialProviderId,
  loginUrlFor,
  socialStartPath,
} from "./routes";

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

  it("says why when the browser's session has ended", () => {
    expect(loginUrlFor("/settings", { signedOut: true })).toBe(
      "/login?next=%2Fsettings&reason=signed-out",
    );
    expect(loginUrlFor("//evil.example", { signedOut: true })).toBe(
      "/login?next=%2Fdashboard&reason=signed-out",
    );
  });

  it.each(["/.//evil.example", "//evil.example", null])(
    "returns to the dashboard instead of %j",
    (requested) => {
      expect(loginUrlFor(requested)).toBe("/login?next=%2Fdashboard");
    },
  );
});

describe("social sign-in paths", () => {
  it.each(["/auth/callback/corp", "/auth/social/corp/start"])(
    "%s is neither protected nor guest-only, so both signed-in and signed-out browsers reach it",
    (path) => {
      expect(isProtectedPath(path)).toBe(false);
      expect(isGuestOnlyPath(path)).toBe(false);
    },
  );

  it.each(["corp", "google", "azure-ad", "my_idp2"])("accepts the provider id %j", (id) => {
    expect(isSocialProviderId(id)).toBe(true);
  });

  it.each(["", "a/b", "..", "a.b", "-corp", "corp?x=1", "x".repeat(65), 3, null])(
    "refuses the provider id %j",
    (id) => {
      expect(isSocialProviderId(id)).toBe(false);
    },
  );

  it("builds the start path", () => {
    expect(socialStartPath("corp")).toBe("/auth/social/corp/start");
  });
});
