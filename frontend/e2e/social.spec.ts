import { expect, type Page, test } from "@playwright/test";
import { recordRequests } from "./other-site";
import { logIn, logOut, newUser, signUp, tokenCookie } from "./support";

// Social sign-in (issue 12) against the real OpenID Provider harness (e2e/oidc-provider/server.mjs with
// e2e-config.json), configured in Django as "Corp SSO". Accounts are keyed by the provider's subject, so each test
// signs in as its own harness user: two tests sharing one would share one account. The harness's tamper control is
// process-global and the tests run in parallel, so it is not used here (the backend tests cover tampered tokens).

const CORP = "Corp SSO";

/** The provider's users (e2e-config.json), one per test. */
const harness = {
  returning: { name: "Rita Returning", email: "returning@corp.example" },
  replayed: { name: "Rex Replayed", email: "replayed@corp.example" },
  taken: { name: "Tess Taken", email: "taken@corp.example" },
  linked: { name: "Lina Linked", email: "linked-sso@corp.example" },
  unlinked: { name: "Uma Unlinked", email: "unlinked-sso@corp.example" },
  revoked: { name: "Rob Revoked", email: "revoked@corp.example" },
} as const;
type HarnessUser = keyof typeof harness;

const EXPIRED_MESSAGE = "That sign-in link expired or was already used. Try again.";

/** From /login to the provider's login page. */
async function continueWithCorp(page: Page): Promise<void> {
  await page.goto("/login");
  await page.getByRole("button", { name: `Continue with ${CORP}` }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByLabel("Username")).toBeVisible();
}

/** On the provider's login page: sign in there as `login`; the provider sends the browser back. */
async function providerSignIn(page: Page, login: HarnessUser): Promise<void> {
  await page.getByLabel("Username").fill(login);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
}

async function signInWithCorp(page: Page, login: HarnessUser): Promise<void> {
  await continueWithCorp(page);
  await providerSignIn(page, login);
  await expect(page).toHaveURL("/dashboard");
}

function accountDetails(page: Page) {
  return page.getByRole("region", { name: "Account" });
}

function devices(page: Page) {
  return page.getByRole("region", { name: /Signed-in devices/ }).getByRole("listitem");
}

function connectedAccounts(page: Page) {
  return page.getByRole("region", { name: "Connected accounts" });
}

/**
 * Runs `action`, then confirms with the password if the step-up dialog asks (a session this new has usually proved
 * itself recently enough), and waits for `done`.
 */
async function withStepUp(
  page: Page,
  password: string,
  action: () => Promise<void>,
  done: ReturnType<Page["getByRole"]>,
): Promise<void> {
  const dialog = page.getByRole("dialog", { name: "Confirm it’s you" });
  await action();
  await expect(dialog.or(done).first()).toBeVisible();
  if (await dialog.isVisible()) {
    await dialog.getByLabel("Password").fill(password);
    await dialog.getByRole("button", { name: "Confirm" }).click();
  }
  await expect(done).toBeVisible();
}

/** From the security settings of a signed-in password account: connects Corp SSO as `login`. */
async function connectCorp(page: Page, password: string, login: HarnessUser): Promise<void> {
  await page.goto("/settings/security");
  const section = connectedAccounts(page);
  await expect(section.getByText("No accounts connected.")).toBeVisible();
  await withStepUp(
    page,
    password,
    () => section.getByRole("button", { name: `Connect ${CORP}` }).click(),
    page.getByLabel("Username"),
  );
  await providerSignIn(page, login);
  await expect(page).toHaveURL(/\/settings\/security\?linked=corp$/);
  await expect(section.getByRole("status")).toContainText(
    `${CORP} is connected. You can now sign in with it.`,
  );
  const linked = section.getByRole("list", { name: "Your connected accounts" });
  await expect(linked.getByRole("listitem")).toHaveCount(1);
  await expect(linked.getByRole("listitem")).toContainText(harness[login].email);
}

test("first sign-in with Corp SSO creates the account, the second finds the same one", async ({
  page,
}) => {
  const { name, email } = harness.returning;
  const callbacks = recordRequests(
    page,
    new URL("/auth/callback/", test.info().project.use.baseURL).href,
  );
  await signInWithCorp(page, "returning");
  // The provider (127.0.0.1) sends the browser back cross-site, without the SameSite=Strict refresh cookie: the
  // callback bounces once, so it runs same-origin, where the cookie a new sign-in must replace would come along.
  expect(
    (await callbacks.sent()).map((sent) => [
      sent.headers["sec-fetch-site"],
      sent.status,
      sent.setCookie ?? null,
    ]),
  ).toEqual([
    ["cross-site", 200, null],
    ["same-origin", 303, expect.stringContaining("refresh=")],
  ]);
  await expect(page.getByRole("heading", { name: `Welcome, ${name}` })).toBeVisible();
  await expect(accountDetails(page)).toContainText(email);
  const joined = await accountDetails(page).locator("time").getAttribute("datetime");

  await page.goto("/settings/security");
  const linked = connectedAccounts(page).getByRole("list", { name: "Your connected accounts" });
  await expect(linked.getByRole("listitem")).toHaveCount(1);
  await expect(linked.getByRole("listitem")).toContainText(email);

  await page.goto("/dashboard");
  await logOut(page);
  await signInWithCorp(page, "returning");
  await expect(page.getByRole("heading", { name: `Welcome, ${name}` })).toBeVisible();
  await expect(accountDetails(page)).toContainText(email);
  await expect(accountDetails(page).locator("time")).toHaveAttribute("datetime", joined ?? "");

  // A normal session, listed like any other; the one signed out before is gone.
  await page.goto("/settings/sessions");
  await expect(devices(page)).toHaveCount(1);
  await expect(devices(page).first()).toContainText("This device");
});

test("Deny at the provider comes back to /login, not signed in", async ({ page, context }) => {
  await continueWithCorp(page);
  await page.getByRole("button", { name: "Deny", exact: true }).click();
  await expect(page).toHaveURL(/\/login\?/);
  await expect(page.getByText(`You cancelled sign-in with ${CORP}.`)).toBeVisible();
  expect(await tokenCookie(context, "refresh")).toBeUndefined();
});

test("a provider email that belongs to a local account does not sign in and says how to connect", async ({
  page,
  context,
}) => {
  await signUp(page, { ...newUser(), email: harness.taken.email });
  await logOut(page);

  await continueWithCorp(page);
  await providerSignIn(page, "taken");
  await expect(page).toHaveURL(/\/login\?/);
  await expect(
    page.getByText(
      `An account with this email already exists. Log in with your password, then connect ${CORP} from Settings → Security.`,
    ),
  ).toBeVisible();
  expect(await tokenCookie(context, "refresh")).toBeUndefined();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login/);
});

test("a callback without the flow this browser started is refused", async ({ page, context }) => {
  await page.goto("/auth/callback/corp?code=x&state=y");
  await expect(page).toHaveURL(/\/login\?/);
  await expect(page.getByText(EXPIRED_MESSAGE)).toBeVisible();
  expect(await tokenCookie(context, "refresh")).toBeUndefined();
});

test("a callback URL opened again does not sign in again", async ({ page, context, browser }) => {
  await continueWithCorp(page);
  // What someone who copied this browser's cookies and the redirect back would have.
  const flowCookie = (await context.cookies()).find((cookie) => /social-flow$/.test(cookie.name));
  expect(flowCookie).toBeDefined();
  const callback = page.waitForRequest((request) => request.url().includes("/auth/callback/corp?"));
  await providerSignIn(page, "replayed");
  const callbackUrl = (await callback).url();
  expect(new URL(callbackUrl).searchParams.get("code")).toBeTruthy();
  await expect(page).toHaveURL("/dashboard");
  await expect(
    page.getByRole("heading", { name: `Welcome, ${harness.replayed.name}` }),
  ).toBeVisible();

  // In the same browser: still the one session.
  await page.goto(callbackUrl);
  await expect(page).toHaveURL("/dashboard");
  await page.goto("/settings/sessions");
  await expect(devices(page)).toHaveCount(1);

  // In another browser, with the flow cookie too, so the state matches and the API sees the spent code.
  const elsewhere = await browser.newContext();
  if (flowCookie) await elsewhere.addCookies([flowCookie]);
  const other = await elsewhere.newPage();
  await other.goto(callbackUrl);
  await expect(other).toHaveURL(/\/login\?/);
  await expect(other.getByText(EXPIRED_MESSAGE)).toBeVisible();
  expect(await tokenCookie(elsewhere, "refresh")).toBeUndefined();
  await elsewhere.close();

  await page.reload();
  await expect(devices(page)).toHaveCount(1);
});

test("a password account connects Corp SSO from the security settings and then signs in with it", async ({
  page,
  context,
}) => {
  const user = await signUp(page);
  await connectCorp(page, user.password, "linked");

  await page.goto("/dashboard");
  await logOut(page);
  // This tab keeps its login page while another tab signs in with the password: the browser now holds a session.
  const tab = await context.newPage();
  await tab.goto("/login");
  await logIn(tab, user);
  await expect(tab).toHaveURL("/dashboard");

  await page.getByRole("button", { name: `Continue with ${CORP}` }).click();
  await providerSignIn(page, "linked");
  await expect(page).toHaveURL("/dashboard");
  // The password account, not a new one named after the provider's user.
  await expect(page.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();
  await expect(accountDetails(page)).toContainText(user.email);
  // The sign-in replaced the session the browser held (as a password login does) instead of adding a second one.
  await page.goto("/settings/sessions");
  await expect(devices(page)).toHaveCount(1);
});

test("unlinking Corp SSO removes it, and it no longer signs in to the account", async ({
  page,
}) => {
  const user = await signUp(page);
  await connectCorp(page, user.password, "unlinked");

  const section = connectedAccounts(page);
  const name = `${CORP} (${harness.unlinked.email})`;
  await section.getByRole("button", { name: `Unlink ${name}` }).click();
  await withStepUp(
    page,
    user.password,
    () => section.getByRole("button", { name: `Unlink ${CORP}`, exact: true }).click(),
    section.getByText("No accounts connected."),
  );
  await expect(section.getByRole("listitem", { name })).toHaveCount(0);
  await expect(section.getByRole("button", { name: `Connect ${CORP}` })).toBeVisible();

  // The provider's user is a stranger to this account again: signing in makes an account of its own.
  await page.goto("/dashboard");
  await logOut(page);
  await signInWithCorp(page, "unlinked");
  await expect(
    page.getByRole("heading", { name: `Welcome, ${harness.unlinked.name}` }),
  ).toBeVisible();
  await expect(accountDetails(page)).toContainText(harness.unlinked.email);
});

test("a Corp SSO session signed out from another device lands on login at its next step", async ({
  page,
  browser,
}) => {
  await signInWithCorp(page, "revoked");

  const second = await browser.newContext();
  const other = await second.newPage();
  await signInWithCorp(other, "revoked");
  await other.goto("/settings/sessions");
  await expect(devices(other)).toHaveCount(2);
  await other.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(devices(other)).toHaveCount(1);
  await expect(devices(other).first()).toContainText("This device");

  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
  await second.close();
});
