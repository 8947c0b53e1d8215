import { describe, expect, it } from "vitest";
import {
  refreshCookieMayBeWithheld,
  SAME_SITE_BOUNCE_HTML,
  sameSiteBounceDue,
} from "@/lib/same-site-bounce";

// What Chromium sends for a link another site's page followed: the only request that is bounced.
const CROSS_SITE_LINK = {
  "sec-fetch-site": "cross-site",
  "sec-fetch-mode": "navigate",
  "sec-fetch-dest": "document",
};

function due(
  overrides: {
    method?: string;
    pathname?: string;
    headers?: Record<string, string | undefined>;
    signedIn?: boolean;
    refreshSent?: boolean;
  } = {},
): boolean {
  const headers = new Headers();
  for (const [name, value] of Object.entries({ ...CROSS_SITE_LINK, ...overrides.headers })) {
    if (value !== undefined) headers.set(name, value);
  }
  return sameSiteBounceDue({
    method: overrides.method ?? "GET",
    pathname: overrides.pathname ?? "/dashboard",
    headers,
    signedIn: overrides.signedIn ?? false,
    refreshSent: overrides.refreshSent ?? false,
  });
}

describe("sameSiteBounceDue", () => {
  it.each([
    ["a link from another site to a protected page, signed out as far as the proxy sees", {}, true],
    ["the same to a deeper protected page", { pathname: "/settings/sessions" }, true],
    ["HEAD, answered as GET would be", { method: "HEAD" }, true],
    [
      "the social callback, even with a live access token",
      { pathname: "/auth/callback/oidc", signedIn: true },
      true,
    ],
    ["a live access token: the page opens as it is", { signedIn: true }, false],
    [
      "the refresh cookie came along (expired or refused): a bounce would not help",
      { refreshSent: true },
      false,
    ],
    [
      "the social callback with the refresh cookie",
      { pathname: "/auth/callback/oidc", refreshSent: true },
      false,
    ],
    [
      "the bounce's own re-request (same-origin)",
      { headers: { "sec-fetch-site": "same-origin" } },
      false,
    ],
    [
      "a same-site request (the cookie is sent)",
      { headers: { "sec-fetch-site": "same-site" } },
      false,
    ],
    ["typed in or a bookmark", { headers: { "sec-fetch-site": "none" } }, false],
    [
      "no fetch metadata at all (curl, old browsers): as before",
      {
        headers: {
          "sec-fetch-site": undefined,
          "sec-fetch-mode": undefined,
          "sec-fetch-dest": undefined,
        },
      },
      false,
    ],
    ["a cross-site POST", { method: "POST" }, false],
    ["a cross-site PUT", { method: "PUT" }, false],
    ["a frame", { headers: { "sec-fetch-dest": "iframe" } }, false],
    ["a fetch", { headers: { "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" } }, false],
    ["an image", { headers: { "sec-fetch-mode": "no-cors", "sec-fetch-dest": "image" } }, false],
    ["a guest-only page", { pathname: "/login" }, false],
    ["the home page", { pathname: "/" }, false],
    ["an API route", { pathname: "/api/health" }, false],
    ["the logout route", { pathname: "/logout" }, false],
    ["a path that only starts like a protected one", { pathname: "/dashboardx" }, false],
    ["a protocol-relative path", { pathname: "//evil.example/dashboard" }, false],
    ["a backslash path", { pathname: "/\\evil.example" }, false],
    ["the social start route", { pathname: "/auth/social/oidc/start" }, false],
  ])("%s", (_label, overrides, expected) => {
    expect(due(overrides)).toBe(expected);
  });
});

describe("refreshCookieMayBeWithheld", () => {
  it.each([
    ["cross-site", true],
    ["same-site", false],
    ["same-origin", false],
    ["none", false],
    [null, false],
  ])("Sec-Fetch-Site %s: %s", (site, expected) => {
    const headers = new Headers(site === null ? {} : { "sec-fetch-site": site });
    expect(refreshCookieMayBeWithheld(headers)).toBe(expected);
  });
});

describe("SAME_SITE_BOUNCE_HTML", () => {
  it("reloads its own URL with no script and names no other URL", () => {
    expect(SAME_SITE_BOUNCE_HTML).toContain('<meta http-equiv="refresh" content="0">');
    expect(SAME_SITE_BOUNCE_HTML).not.toMatch(/<script|url=|href=|src=|\/\//i);
  });
});
