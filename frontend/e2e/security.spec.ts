import { expect, test } from "@playwright/test";
import { logIn, logOut, signUp } from "./support";

test("the security page lists recent sign-ins in plain language", async ({ page }) => {
  const user = await signUp(page);
  await logOut(page);
  await logIn(page, user);
  await expect(page).toHaveURL("/dashboard");

  await page.getByRole("link", { name: "Security" }).click();
  await expect(page).toHaveURL("/settings/security");
  const events = page.getByRole("region", { name: "Recent security events" });
  await expect(events.getByText(/Signed in/).first()).toBeVisible();
  await expect(events.getByRole("listitem").first()).toContainText("UTC");
});
