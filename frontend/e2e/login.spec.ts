import { expect, test } from "@playwright/test";
import { logIn, logOut, signUp } from "./support";

test("logging in returns the user to the page they asked for", async ({ page }) => {
  const user = await signUp(page);
  await logOut(page);

  await page.goto("/dashboard?tab=profile");
  // This browser logged out, so the login page also says why it is asked again (reason=signed-out).
  await expect(page).toHaveURL("/login?next=%2Fdashboard%3Ftab%3Dprofile&reason=signed-out");
  await logIn(page, user);

  await expect(page).toHaveURL("/dashboard?tab=profile");
  await expect(page.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();
});

test("a wrong password shows one clear message and keeps the email", async ({ page }) => {
  const user = await signUp(page);
  await logOut(page);

  await logIn(page, { ...user, password: "not the right password" });

  await expect(
    page.getByRole("alert").filter({ hasText: "Invalid email or password." }),
  ).toBeVisible();
  await expect(page).toHaveURL("/login");
  await expect(page.getByLabel("Email")).toHaveValue(user.email);
  await expect(page.getByLabel("Password")).toHaveValue("");
  await expect(page.getByLabel("Password")).toHaveAttribute("autocomplete", "current-password");
});

test("an off-site next parameter lands on the dashboard instead", async ({ page }) => {
  const user = await signUp(page);
  await logOut(page);

  await page.goto("/login?next=//evil.example");
  await logIn(page, user);

  await expect(page).toHaveURL("/dashboard");
});

test("a signed-in user opening the login or signup page goes to the dashboard", async ({
  page,
}) => {
  await signUp(page);

  await page.goto("/login");
  await expect(page).toHaveURL("/dashboard");

  await page.goto("/signup");
  await expect(page).toHaveURL("/dashboard");
});

test("the login form can be used with the keyboard alone", async ({ page }) => {
  const user = await signUp(page);
  await logOut(page);

  await page.getByLabel("Email").focus();
  await page.keyboard.type(user.email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(user.password);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Log in" })).toBeFocused();
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL("/dashboard");
});
