import { expect, test } from "@playwright/test";
import { signUp, tokenCookie } from "./support";

test("deleting the account signs out, says so, and frees the email", async ({ page, context }) => {
  const user = await signUp(page);
  await page.goto("/settings");
  const danger = page.getByRole("region", { name: "Danger zone" });

  await danger.getByRole("button", { name: "Delete my account" }).click();
  await danger.getByLabel("Current password").fill("not my password");
  await danger.getByRole("button", { name: "Delete account" }).click();
  await expect(danger.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");

  await danger.getByLabel("Current password").fill(user.password);
  await danger.getByRole("button", { name: "Delete account" }).click();

  await expect(page).toHaveURL("/?account=deleted");
  await expect(page.getByText("Your account has been deleted.")).toBeVisible();
  expect(await tokenCookie(context, "access")).toBeUndefined();
  expect(await tokenCookie(context, "refresh")).toBeUndefined();

  await signUp(page, user);
});

test("the data export downloads as latchkey-data.json", async ({ page }) => {
  const user = await signUp(page);
  await page.goto("/settings");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download my data" }).click(),
  ]);

  expect(download.suggestedFilename()).toBe("latchkey-data.json");
  const path = await download.path();
  const { readFile } = await import("node:fs/promises");
  const data = JSON.parse(await readFile(path, "utf8"));
  expect(data.profile.email).toBe(user.email);
  expect(JSON.stringify(data)).not.toMatch(/eyJ/);
});
