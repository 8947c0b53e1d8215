import { readFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { logInInNewTab, signUp } from "./support";

// Run by playwright.revocation-feed.config.ts: Django and Next.js share a Redis, and Django's access log is a file.
const accessLog = process.env.E2E_REVOCATION_FEED_ACCESS_LOG ?? "";
const apiUrl = process.env.E2E_REVOCATION_FEED_API_URL ?? "";

/** How many times Django has answered GET /api/auth/me/ so far. */
function meCalls(): number {
  return readFileSync(accessLog, "utf8")
    .split("\n")
    .filter((line) => line.includes('"GET /api/auth/me/ ')).length;
}

/**
 * Reloads until a signed-in page renders without asking Django who is signed in: right after a sign-up the user
 * just changed (so the page's first reads go to Django), and the feed may still be syncing.
 */
async function untilSteady(page: Page): Promise<void> {
  await expect(async () => {
    const before = meCalls();
    await page.reload();
    await expect(page.getByRole("heading", { name: /^Welcome, / })).toBeVisible();
    expect(meCalls() - before).toBe(0);
  }).toPass({ timeout: 40_000, intervals: [1_000] });
}

test("signed-in pages render without asking Django, once the session's user is known", async ({
  page,
}) => {
  const user = await signUp(page);
  await untilSteady(page);

  const before = meCalls();
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL("/settings");
  await expect(page.getByLabel("Name")).toHaveValue(user.name);
  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();
  expect(meCalls() - before).toBe(0);
});

test("a session revoked from another device is sent to login at its next navigation", async ({
  page,
  browser,
}) => {
  const user = await signUp(page);
  await untilSteady(page);

  const second = await browser.newContext();
  const other = await logInInNewTab(second, user);
  await other.goto("/settings/sessions");
  await other.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(other.getByRole("main").getByRole("status")).toContainText(
    "Signed out 1 other device.",
  );
  await second.close();

  // A client-side navigation: the page asks this server for the next route, which must not render it.
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/login\?.*reason=signed-out/);
  await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
});

test("a profile change shows at once, here and from elsewhere", async ({ page, request }) => {
  const user = await signUp(page);
  await untilSteady(page);

  await page.getByRole("link", { name: "Settings" }).click();
  const renamed = `${user.name} (renamed)`;
  await page.getByLabel("Name").fill(renamed);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${renamed}` })).toBeVisible();
  await untilSteady(page);
  await expect(page.getByRole("heading", { name: `Welcome, ${renamed}` })).toBeVisible();

  // Changed through the API by another client: Django announces it on the channel, and this server forgets.
  const login = await request.post(`${apiUrl}/api/auth/login/`, {
    data: { email: user.email, password: user.password },
  });
  expect(login.status()).toBe(200);
  const { access } = (await login.json()) as { access: string };
  const elsewhere = `${user.name} (from elsewhere)`;
  const patched = await request.patch(`${apiUrl}/api/auth/me/`, {
    data: { name: elsewhere },
    headers: { Authorization: `Bearer ${access}` },
  });
  expect(patched.status()).toBe(200);
  await page.reload();
  await expect(page.getByRole("heading", { name: `Welcome, ${elsewhere}` })).toBeVisible();
});
