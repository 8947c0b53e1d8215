import { type Browser, expect, type Page, test } from "@playwright/test";
import { logIn, logInInNewTab, logOut, newUser, signUp, type TestUser } from "./support";

// proxy.ts sends a signed-in visitor away from /login and /signup, so a browser holding a session reaches those
// forms only when they were opened before: a tab left on the login page while another tab signed in.

function devices(page: Page) {
  return page.getByRole("region", { name: /Signed-in devices/ }).getByRole("listitem");
}

async function registered(browser: Browser): Promise<TestUser> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const user = await signUp(page);
  await logOut(page);
  await context.close();
  return user;
}

/** The session this browser is signed in with, as the sessions page shows it: only one, and it is this one. */
async function onlySession(page: Page): Promise<string> {
  await page.goto("/settings/sessions");
  await expect(devices(page)).toHaveCount(1);
  await expect(devices(page).first()).toContainText("This device");
  return (await devices(page).first().locator("time").last().getAttribute("datetime")) as string;
}

test("logging in from a login form left open ends the session another tab signed in meanwhile", async ({
  browser,
  context,
}) => {
  const user = await registered(browser);
  const stale = await context.newPage();
  await stale.goto("/login");

  const other = await logInInNewTab(context, user);
  const first = await onlySession(other);

  await logIn(stale, user);
  await expect(stale).toHaveURL("/dashboard");

  const second = await onlySession(stale);
  expect(second).not.toBe(first);
  // The other tab shares the browser's cookies, so it is on the new session too.
  await other.goto("/dashboard");
  await expect(other.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();
});

test("signing up from a signup form left open ends the session another tab signed in meanwhile", async ({
  browser,
  context,
}) => {
  const existing = await registered(browser);
  const stale = await context.newPage();
  await stale.goto("/signup");

  await logInInNewTab(context, existing);

  const added = newUser();
  await stale.getByLabel("Name").fill(added.name);
  await stale.getByLabel("Email").fill(added.email);
  await stale.getByLabel("Password").fill(added.password);
  await stale.getByRole("button", { name: "Create account" }).click();
  await expect(stale).toHaveURL("/dashboard");
  await onlySession(stale);

  // The existing account's session in this browser was ended: signing in elsewhere shows that one alone.
  const elsewhere = await browser.newContext();
  await onlySession(await logInInNewTab(elsewhere, existing));
  await elsewhere.close();
});
