import { expect, type Page, test } from "@playwright/test";
import { waitForEmail } from "./mail";
import { logIn, newUser, requestEmailChange, signUp, type TestUser } from "./support";

async function requestChange(page: Page, user: TestUser, newEmail: string): Promise<string> {
  await requestEmailChange(page, user, newEmail);
  return (await waitForEmail(newEmail, "Confirm your new email address")).link;
}

async function confirm(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.getByRole("button", { name: "Confirm new email" }).click();
}

test("changing the email signs every device out; the user logs in with the new address", async ({
  page,
}) => {
  const user = await signUp(page);
  const newEmail = newUser().email;
  const link = await requestChange(page, user, newEmail);

  await confirm(page, link);
  const main = page.getByRole("main");
  await expect(main.getByRole("status")).toContainText("Your email address has been changed.");
  await expect(main.getByRole("status")).toContainText("log in with your new address");

  await main.getByRole("link", { name: "Log in" }).click();
  await expect(page).toHaveURL("/login");
  await logIn(page, { ...user, email: newEmail });
  await expect(page).toHaveURL("/dashboard");
  await page.goto("/settings");
  await expect(page.getByRole("region", { name: "Email" })).toContainText(newEmail);
});

test("confirming an email change again says it is already changed", async ({ page }) => {
  const user = await signUp(page);
  const newEmail = newUser().email;
  const link = await requestChange(page, user, newEmail);
  await confirm(page, link);
  await expect(page.getByRole("main").getByRole("status")).toContainText(
    "Your email address has been changed.",
  );

  await confirm(page, link);
  const main = page.getByRole("main");
  await expect(main.getByRole("status")).toContainText(
    "Your email address has already been changed. Log in with your new address.",
  );
  await expect(main.getByRole("alert")).toBeEmpty();
  await main.getByRole("link", { name: "Log in" }).click();
  await expect(page).toHaveURL("/login");
  await logIn(page, { ...user, email: newEmail });
  await expect(page).toHaveURL("/dashboard");
});

test("the old session ends when the email changes", async ({ page }) => {
  const user = await signUp(page);
  const link = await requestChange(page, user, newUser().email);
  await confirm(page, link);
  await expect(page.getByRole("main").getByRole("status")).toContainText("has been changed");

  await page.goto("/settings");
  await expect(page).toHaveURL("/login?next=%2Fsettings&reason=signed-out");
});
