import { expect, type Page, test } from "@playwright/test";
import { expectAccessibleInBothSchemes } from "./axe";
import { logIn, logOut, newUser, signUp } from "./support";

// Issue 13: every page state passes axe in light and dark; 404; dark mode; long names; the signed-in state.

test.describe("axe, signed out", () => {
  const states: { label: string; open: (page: Page) => Promise<void> }[] = [
    { label: "/", open: async (page) => void (await page.goto("/")) },
    { label: "/login", open: async (page) => void (await page.goto("/login")) },
    {
      label: "/login after a session ended",
      open: async (page) => void (await page.goto("/login?next=%2Fsettings&reason=signed-out")),
    },
    {
      label: "/login with errors",
      open: async (page) => {
        await page.goto("/login");
        await page.getByRole("button", { name: "Log in" }).click();
        await expect(
          page
            .getByRole("main")
            .getByText(/required|enter/i)
            .first(),
        ).toBeVisible();
      },
    },
    { label: "/signup", open: async (page) => void (await page.goto("/signup")) },
    { label: "/forgot-password", open: async (page) => void (await page.goto("/forgot-password")) },
    {
      label: "/reset-password, incomplete link",
      open: async (page) => void (await page.goto("/reset-password")),
    },
    {
      label: "/reset-password, bad link",
      open: async (page) => {
        await page.goto("/reset-password?uid=bad&token=bad");
        await page.getByLabel("New password").fill(`violet lantern ${crypto.randomUUID()}`);
        await page.getByRole("button", { name: "Set new password" }).click();
        await expect(page.getByRole("main").getByRole("alert")).not.toBeEmpty();
      },
    },
    {
      label: "/verify-email, incomplete link",
      open: async (page) => void (await page.goto("/verify-email")),
    },
    {
      label: "/verify-email, bad link",
      open: async (page) => {
        await page.goto("/verify-email?key=not-a-real-key");
        await page.getByRole("button", { name: "Verify email" }).click();
        await expect(page.getByRole("main").getByRole("alert")).not.toBeEmpty();
      },
    },
    { label: "404", open: async (page) => void (await page.goto("/no-such-page")) },
  ];
  for (const { label, open } of states) {
    test(label, async ({ page }) => {
      await open(page);
      await expectAccessibleInBothSchemes(page, label);
    });
  }
});

test("axe, signed in: dashboard, settings, security, sessions, the landing page and 404", async ({
  page,
}) => {
  test.slow();
  await signUp(page);
  for (const path of [
    "/dashboard",
    "/settings",
    "/settings/security",
    "/settings/sessions",
    "/",
    "/no-such-page",
  ]) {
    await page.goto(path);
    await expectAccessibleInBothSchemes(page, `signed in, ${path}`);
  }
});

test("an unknown address gets the branded 404 with the logo and a way home", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page).toHaveTitle(/Page not found/);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("banner").getByRole("link", { name: "Latchkey" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
  await page.getByRole("link", { name: "Go to the home page" }).click();
  await expect(page).toHaveURL("/");
});

test("the pages follow the system's dark mode", async ({ page }) => {
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  for (const path of ["/", "/login", "/no-such-page"]) {
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(path);
    const light = await background();
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = await background();
    expect(dark, path).not.toBe(light);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe(
      "light dark",
    );
  }
  const themeColors = page.locator('meta[name="theme-color"]');
  await expect(themeColors).toHaveCount(2);
  await expect(themeColors.first()).toHaveAttribute("media", "(prefers-color-scheme: light)");
  await expect(themeColors.last()).toHaveAttribute("media", "(prefers-color-scheme: dark)");
});

test("a name without spaces does not widen the page at 360 px", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  const user = { ...newUser(), name: `Wolfeschlegelsteinhausenbergerdorff${"x".repeat(100)}` };
  await signUp(page, user);
  for (const path of ["/dashboard", "/settings", "/settings/sessions", "/settings/security"]) {
    await page.goto(path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, path).toBeLessThanOrEqual(360);
  }
});

test("signed in, the landing page offers the dashboard instead of log in and sign up", async ({
  page,
}) => {
  await signUp(page);
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Create an account" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /^Log in/ })).toHaveCount(0);
  await page.getByRole("main").getByRole("link", { name: "Go to dashboard" }).click();
  await expect(page).toHaveURL("/dashboard");
});

test("with one session, Sign out everywhere else is not offered", async ({ page }) => {
  await signUp(page);
  await page.goto("/settings/sessions");
  await expect(
    page.getByRole("region", { name: /Signed-in devices/ }).getByRole("listitem"),
  ).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Sign out everywhere else" })).toHaveCount(0);
});

test("a tab whose session ended in another tab says so, and returns to its page after login", async ({
  page,
  context,
}) => {
  const user = await signUp(page);
  const second = await context.newPage();
  await second.goto("/settings/security");
  await expect(second.getByRole("heading", { name: "Security", exact: true })).toBeVisible();

  await logOut(page);
  // The first tab's own login page is a plain one: that user chose to log out.
  await expect(page.getByRole("main").getByText("You were signed out")).toHaveCount(0);

  await second
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Settings" })
    .click();
  await expect(second).toHaveURL("/login?next=%2Fsettings&reason=signed-out");
  await expect(second.getByRole("main").getByRole("status").first()).toContainText(
    "You were signed out",
  );
  await logIn(second, user);
  await expect(second).toHaveURL("/settings");

  // Signed in again, the marker the logout left is gone.
  expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain("signed-out");
});

test("a visitor who never signed in is asked to log in without being told they were signed out", async ({
  page,
}) => {
  await page.goto("/settings");
  await expect(page).toHaveURL("/login?next=%2Fsettings");
  await expect(page.getByText("You were signed out")).toHaveCount(0);
});
