import { expect, test } from "@playwright/test";
import { logIn, signUp, waitForAccessCookieExpiry } from "./support";

test("changing the password keeps this session and retires the old password", async ({
  page,
  context,
  browser,
}) => {
  const user = await signUp(page);
  await page.goto("/settings");
  const section = page.getByRole("region", { name: "Password" });
  const newPassword = `copper meadow ${crypto.randomUUID()}`;

  await section.getByLabel("Current password").fill("not my password");
  await section.getByLabel("New password").fill(newPassword);
  await section.getByRole("button", { name: "Change password" }).click();
  await expect(section.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");

  await section.getByLabel("Current password").fill(user.password);
  await section.getByLabel("New password").fill(newPassword);
  await section.getByRole("button", { name: "Change password" }).click();
  await expect(section.getByRole("status")).toContainText("Your password has been changed.");

  // The fresh tokens were stored: the session survives a refresh of the access token.
  await waitForAccessCookieExpiry(context);
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto("/login");
  await logIn(other, user);
  await expect(
    other.getByRole("alert").filter({ hasText: "Invalid email or password." }),
  ).toBeVisible();
  await logIn(other, { ...user, password: newPassword });
  await expect(other).toHaveURL("/dashboard");
  await fresh.close();
});

test("a change of credentials sent just after the access token expired keeps this session", async ({
  page,
  context,
}) => {
  // The proxy refreshes the expired token on the action's own request, and the action answers with the pair of a
  // new session: the browser must end up with the action's pair, not the refreshed one of the ended session.
  const user = await signUp(page);
  await page.goto("/settings");
  const section = page.getByRole("region", { name: "Password" });
  await waitForAccessCookieExpiry(context);
  await section.getByLabel("Current password").fill(user.password);
  await section.getByLabel("New password").fill(`copper meadow ${crypto.randomUUID()}`);
  await section.getByRole("button", { name: "Change password" }).click();
  await expect(section.getByRole("status")).toContainText("Your password has been changed.");
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();
});
