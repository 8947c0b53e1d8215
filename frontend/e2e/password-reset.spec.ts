import { expect, test } from "@playwright/test";
import { waitForEmail } from "./mail";
import { logIn, logOut, newUser, signUp } from "./support";

test("forgot password: the emailed link sets a new password that works, once", async ({ page }) => {
  const user = await signUp(page);
  await logOut(page);

  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL("/forgot-password");
  await page.getByLabel("Email").fill(user.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("If an account uses");

  const email = await waitForEmail(user.email, "Reset your password");
  const newPassword = `amber harbour ${crypto.randomUUID()}`;
  await page.goto(email.link);
  const field = page.getByLabel("New password");
  await expect(field).toHaveAttribute("type", "password");
  await expect(field).toHaveAttribute("autocomplete", "new-password");
  await field.fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText(
    "Your password has been changed.",
  );

  // One login link once the password is set (the form's "Back to log in" is gone with the form).
  await expect(page.getByRole("link", { name: /log in/i })).toHaveCount(1);
  await page.getByRole("link", { name: "Log in with your new password" }).click();
  await expect(page).toHaveURL("/login");
  await logIn(page, user);
  await expect(
    page.getByRole("main").getByRole("alert").filter({ hasText: "Invalid email or password." }),
  ).toBeVisible();
  await logIn(page, { ...user, password: newPassword });
  await expect(page).toHaveURL("/dashboard");

  // The link was spent.
  await page.goto(email.link);
  await page.getByLabel("New password").fill(`another ${crypto.randomUUID()}`);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    "invalid, expired or already used",
  );
  await expect(page.getByRole("link", { name: "Request a new reset link" })).toBeVisible();
});

test("asking for a reset of an unknown address gives the same answer", async ({ page }) => {
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(newUser().email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("If an account uses");
});
