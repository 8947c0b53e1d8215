import { randomUUID } from "node:crypto";
import { type BrowserContext, expect, type Page } from "@playwright/test";

export type TestUser = { name: string; email: string; password: string };

export function newUser(): TestUser {
  const id = randomUUID().slice(0, 12);
  return {
    name: `Test User ${id}`,
    email: `e2e-${id}@example.com`,
    password: `violet lantern ${randomUUID()}`,
  };
}

export async function signUp(page: Page, user: TestUser = newUser()): Promise<TestUser> {
  await page.goto("/signup");
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL("/dashboard");
  await expect(page.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();
  return user;
}

export async function logIn(page: Page, user: TestUser): Promise<void> {
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
}

/** Opens a new tab in `context` and logs in there; returns the tab, on the dashboard. */
export async function logInInNewTab(context: BrowserContext, user: TestUser): Promise<Page> {
  const page = await context.newPage();
  await page.goto("/login");
  await logIn(page, user);
  await expect(page).toHaveURL("/dashboard");
  return page;
}

export async function logOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL("/login");
}

// Names depend on COOKIE_SECURE: "__Host-access" with Secure, "access" without.
export async function tokenCookie(context: BrowserContext, kind: "access" | "refresh") {
  const cookies = await context.cookies();
  return cookies.find((cookie) => cookie.name === kind || cookie.name === `__Host-${kind}`);
}

/** Waits, by the cookie's own expiry, until the browser no longer holds a live access token. */
export async function waitForAccessCookieExpiry(context: BrowserContext): Promise<void> {
  await expect
    .poll(
      async () => {
        const cookie = await tokenCookie(context, "access");
        return cookie === undefined || (cookie.expires > 0 && cookie.expires * 1000 <= Date.now());
      },
      { timeout: 20_000, intervals: [250] },
    )
    .toBe(true);
}

/** Asks, from the settings, to move the account to `newEmail`; the confirmation link goes there. */
export async function requestEmailChange(
  page: Page,
  user: TestUser,
  newEmail: string,
): Promise<void> {
  await page.goto("/settings");
  const section = page.getByRole("region", { name: "Email" });
  await section.getByLabel("New email").fill(newEmail);
  await section.getByLabel("Current password").fill(user.password);
  await section.getByRole("button", { name: "Change email" }).click();
  await expect(section.getByRole("status")).toContainText(`confirmation link to ${newEmail}`);
}
