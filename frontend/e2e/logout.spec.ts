import { expect, test } from "@playwright/test";
import { logOut, signUp, tokenCookie } from "./support";

test("logging out ends the session and protects the dashboard again", async ({ page, context }) => {
  await signUp(page);

  await logOut(page);

  expect(await tokenCookie(context, "access")).toBeUndefined();
  expect(await tokenCookie(context, "refresh")).toBeUndefined();
  await page.goto("/dashboard");
  await expect(page).toHaveURL("/login?next=%2Fdashboard");
  await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
});
