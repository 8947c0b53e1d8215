import { expect, test } from "@playwright/test";
import { signUp, tokenCookie, waitForAccessCookieExpiry } from "./support";

// The e2e backend issues 3-second access tokens, so these waits are short and driven by the cookie's expiry.

test("an expired access token is refreshed transparently", async ({ page, context }) => {
  const user = await signUp(page);
  const before = await tokenCookie(context, "access");
  expect(before).toBeDefined();

  await waitForAccessCookieExpiry(context);
  await page.goto("/dashboard");

  await expect(page).toHaveURL("/dashboard");
  await expect(page.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();
  const after = await tokenCookie(context, "access");
  expect(after?.value).toBeTruthy();
  expect(after?.value).not.toBe(before?.value);
});

test("two tabs refreshing at the same moment both stay signed in", async ({ page, context }) => {
  const user = await signUp(page);
  const refreshBefore = await tokenCookie(context, "refresh");
  const first = await context.newPage();
  const second = await context.newPage();

  await waitForAccessCookieExpiry(context);
  await Promise.all([first.goto("/dashboard"), second.goto("/dashboard")]);

  for (const tab of [first, second]) {
    await expect(tab).toHaveURL("/dashboard");
    await expect(tab.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();
  }
  expect((await tokenCookie(context, "refresh"))?.value).not.toBe(refreshBefore?.value);

  // The rotated pair the browser kept must itself still work.
  await waitForAccessCookieExpiry(context);
  await first.reload();
  await expect(first.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();
});
