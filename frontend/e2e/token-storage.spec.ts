import { expect, test } from "@playwright/test";
import { signUp, tokenCookie } from "./support";

test("tokens live only in httpOnly cookies: the access token SameSite=Lax, the refresh token Strict", async ({
  page,
  context,
}) => {
  await signUp(page);

  for (const [kind, sameSite] of [
    ["access", "Lax"],
    ["refresh", "Strict"],
  ] as const) {
    const cookie = await tokenCookie(context, kind);
    expect(cookie, `${kind} cookie`).toBeDefined();
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe(sameSite);
    expect(cookie?.path).toBe("/");
    if (cookie?.name.startsWith("__Host-")) expect(cookie.secure).toBe(true);
  }

  const exposed = await page.evaluate(() => ({
    cookie: document.cookie,
    localStorage: window.localStorage.length,
    sessionStorage: window.sessionStorage.length,
  }));
  expect(exposed.cookie).not.toMatch(/access|refresh|eyJ/);
  expect(exposed.localStorage).toBe(0);
  expect(exposed.sessionStorage).toBe(0);
});

test("protected pages are not cached and carry the security headers", async ({ page }) => {
  await signUp(page);

  const response = await page.goto("/dashboard");
  const headers = response?.headers() ?? {};

  expect(headers["cache-control"]).toContain("no-store");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toBeTruthy();
  expect(headers["x-powered-by"]).toBeUndefined();
});

test("the pages fit a 360 px wide screen", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ["/", "/signup", "/login"]) {
    await page.goto(path);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
  await signUp(page);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});
