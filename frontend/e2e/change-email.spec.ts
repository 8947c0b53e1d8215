import { expect, test } from "@playwright/test";
import { waitForEmail } from "./mail";
import { newUser, signUp } from "./support";

test("changing the email takes effect once the new address confirms it", async ({ page }) => {
  const user = await signUp(page);
  const newEmail = newUser().email;
  await page.goto("/settings");
  const section = page.getByRole("region", { name: "Email" });

  await section.getByLabel("New email").fill(newEmail);
  await section.getByLabel("Current password").fill(user.password);
  await section.getByRole("button", { name: "Change email" }).click();
  await expect(section.getByRole("status")).toContainText(`confirmation link to ${newEmail}`);

  const email = await waitForEmail(newEmail, "Confirm your new email address");
  await page.goto(email.link);
  await page.getByRole("button", { name: "Confirm new email" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText(
    "Your email address has been changed.",
  );

  await page.goto("/settings");
  await expect(page.getByRole("region", { name: "Email" })).toContainText(newEmail);
});
