import { expect, test } from "@playwright/test";
import { logIn, signUp } from "./support";

test("a device signed out from the sessions page lands on login at its next step", async ({
  page,
  browser,
}) => {
  const user = await signUp(page);

  const second = await browser.newContext();
  const other = await second.newPage();
  await other.goto("/login");
  await logIn(other, user);
  await expect(other).toHaveURL("/dashboard");

  await page.getByRole("link", { name: "Sessions" }).click();
  await expect(page).toHaveURL("/settings/sessions");
  const devices = page.getByRole("region", { name: /Signed-in devices/ }).getByRole("listitem");
  await expect(devices).toHaveCount(2);
  await expect(devices.filter({ hasText: "This device" })).toHaveCount(1);

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(devices).toHaveCount(1);
  await expect(devices.first()).toContainText("This device");

  await other.goto("/settings");
  await expect(other).toHaveURL(/\/login/);
  await expect(other.getByRole("button", { name: "Log in" })).toBeVisible();
  await second.close();

  // This device is unaffected.
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();
});

test("Sign out everywhere else keeps only this device", async ({ page, browser }) => {
  const user = await signUp(page);
  const second = await browser.newContext();
  const other = await second.newPage();
  await other.goto("/login");
  await logIn(other, user);
  await expect(other).toHaveURL("/dashboard");

  await page.goto("/settings/sessions");
  await page.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText(
    "Signed out 1 other device.",
  );
  await expect(
    page.getByRole("region", { name: /Signed-in devices/ }).getByRole("listitem"),
  ).toHaveCount(1);

  await other.goto("/dashboard");
  await expect(other).toHaveURL(/\/login/);
  await second.close();
});
