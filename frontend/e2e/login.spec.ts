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
  // The show/hide toggle is on the way: Space shows the password, focus stays on the toggle, nothing is submitted.
  const toggle = page.getByRole("button", { name: "Show password" });
  await expect(toggle).toBeFocused();
  await page.keyboard.press("Space");
  await expect(page.getByLabel("Password")).toHaveAttribute("type", "text");
  await expect(toggle).toBeFocused();
  await expect(page).toHaveURL("/login");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Log in" })).toBeFocused();
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL("/dashboard");
});

test("the password can be shown and hidden without submitting or losing what was typed", async ({
  page,
}) => {
  await page.goto("/login");
  const email = page.getByLabel("Email");
  const password = page.getByLabel("Password");
  // Password managers: the email is the username (plus passkeys in its autofill), the password the current one.
  await expect(email).toHaveAttribute("autocomplete", "username webauthn");
  await expect(password).toHaveAttribute("autocomplete", "current-password");

  await password.fill("correct horse battery staple");
  const toggle = page.getByRole("button", { name: "Show password" });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await toggle.click();
  await expect(password).toHaveAttribute("type", "text");
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(toggle).toBeFocused();
  await expect(password).toHaveValue("correct horse battery staple");
  // Nothing was submitted: no error for the empty email.
  await expect(email).not.toHaveAttribute("aria-invalid");

  await toggle.click();
  await expect(password).toHaveAttribute("type", "password");
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
});

test("the card stays where it is when errors appear", async ({ page }) => {
  await page.goto("/login");
  const card = page.locator("main > div").first();
  const email = page.getByLabel("Email");
  const before = await card.boundingBox();
  const emailBefore = await email.boundingBox();

  await page.getByRole("button", { name: "Log in" }).click();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await page.waitForTimeout(400); // past the errors' unfolding animation

  const after = await card.boundingBox();
  // Its top edge, side and width hold still; it may only grow downwards. What is above an error does not move.
  expect(after?.y).toBe(before?.y);
  expect(after?.x).toBe(before?.x);
  expect(after?.width).toBe(before?.width);
  expect(after?.height ?? 0).toBeGreaterThan(before?.height ?? 0);
  expect((await email.boundingBox())?.y).toBe(emailBefore?.y);
});
