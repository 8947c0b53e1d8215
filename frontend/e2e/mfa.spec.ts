import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import {
  addVirtualAuthenticator,
  recoveryCodesShown,
  submitPassword,
  turnOnTotp,
} from "./mfa-support";
import { logOut, signUp } from "./support";

const SECOND_STEP = { name: "Two-factor authentication" } as const;

test("an authenticator app turned on in settings is asked for at login, and login keeps its next path", async ({
  page,
}) => {
  // Two codes: the second waits for the next 30-second step.
  test.setTimeout(120_000);
  const user = await signUp(page);
  const { app, codes } = await turnOnTotp(page);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download .txt" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("latchkey-recovery-codes.txt");
  const file = await readFile((await download.path()) ?? "", "utf8");
  for (const code of codes) expect(file).toContain(code);

  await logOut(page);
  await page.goto("/settings/security");
  await expect(page).toHaveURL(/\/login\?next=/);
  await submitPassword(page, user.email, user.password);

  await expect(page.getByRole("heading", SECOND_STEP)).toBeVisible();
  const code = page.getByLabel("Authentication code");
  await expect(code).toHaveAttribute("autocomplete", "one-time-code");
  await expect(code).toHaveAttribute("inputmode", "numeric");
  await expect(code).toBeFocused();

  await code.fill("000000");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByLabel("Authentication code")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Authentication code").fill(await app.code());
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL("/settings/security");
  await expect(
    page.getByRole("region", { name: "Authenticator app" }).getByText("On."),
  ).toBeVisible();
});

test("a recovery code signs in once and is refused the second time", async ({ page }) => {
  test.setTimeout(90_000);
  const user = await signUp(page);
  const { codes } = await turnOnTotp(page);
  const [first, second] = codes;

  await logOut(page);
  await submitPassword(page, user.email, user.password);
  await page.getByRole("button", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(first ?? "");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL("/dashboard");

  await logOut(page);
  await submitPassword(page, user.email, user.password);
  await page.getByRole("button", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(first ?? "");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByLabel("Recovery code")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL("/login");

  await page.getByLabel("Recovery code").fill(second ?? "");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL("/dashboard");

  await page.goto("/settings/security");
  await expect(
    page.getByRole("region", { name: "Recovery codes" }).getByText("8 of 10 recovery codes left."),
  ).toBeVisible();
});

test("a second step whose attempt has expired goes back to the password step", async ({
  page,
  context,
}) => {
  const user = await signUp(page);
  await turnOnTotp(page);
  await logOut(page);

  await submitPassword(page, user.email, user.password);
  await expect(page.getByRole("heading", SECOND_STEP)).toBeVisible();
  const pending = (await context.cookies()).find((c) => c.name.endsWith("mfa-pending"));
  expect(pending?.httpOnly).toBe(true);
  expect(await page.evaluate(() => document.cookie)).not.toContain("mfa");
  // The cookie lives 5 minutes, like the token in it: take it away instead of waiting.
  await context.clearCookies({ name: pending?.name });

  await page.getByLabel("Authentication code").fill("123456");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(
    page.getByRole("alert").filter({
      hasText: "This sign-in attempt has expired. Please log in again.",
    }),
  ).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(user.email);
});

test("a passkey added in settings signs in without a password and serves as the second factor", async ({
  page,
}) => {
  const authenticator = await addVirtualAuthenticator(page);
  const user = await signUp(page);
  await page.goto("/settings/security");

  const passkeys = page.getByRole("region", { name: "Passkeys" });
  await passkeys.getByLabel("Name for the new passkey (optional)").fill("Test laptop");
  await passkeys.getByRole("button", { name: "Add a passkey" }).click();
  await expect(passkeys.getByRole("listitem", { name: "Test laptop" })).toBeVisible();
  await expect(passkeys.getByRole("listitem", { name: "Test laptop" })).toContainText("never used");
  expect(await authenticator.credentials()).toHaveLength(1);
  // The first second factor comes with recovery codes.
  await recoveryCodesShown(page);

  const item = passkeys.getByRole("listitem", { name: "Test laptop" });
  await item.getByRole("button", { name: "Rename" }).click();
  await item.getByLabel("Passkey name").fill("Work laptop");
  await item.getByRole("button", { name: "Save name" }).click();
  await expect(passkeys.getByRole("listitem", { name: "Work laptop" })).toBeVisible();

  // Conditional UI: the login page asks the browser for a passkey in the email field's autofill. This virtual
  // authenticator answers at once, as a person picking the suggestion would, so /login may show only briefly:
  // wait for its navigation rather than poll the address bar for it.
  const loggedOut = page.waitForURL("/login", { waitUntil: "commit" });
  await page.getByRole("button", { name: "Log out" }).click();
  await loggedOut;
  await expect(page).toHaveURL("/dashboard");
  await expect(page.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();

  // The button, in a browser without conditional UI. Where it has it, the autofill request above answers first
  // and races the click (the page leaves while Playwright clicks), so take conditional UI away from here on.
  await page.addInitScript(() => {
    Object.defineProperty(PublicKeyCredential, "isConditionalMediationAvailable", {
      value: async () => false,
    });
  });
  await logOut(page);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL("/dashboard");
  await expect(page.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();

  // With the authenticator waiting, the password goes first and the passkey serves as the second factor.
  await authenticator.answerPrompts(false);
  await logOut(page);
  await submitPassword(page, user.email, user.password);
  await expect(page.getByRole("heading", SECOND_STEP)).toBeVisible();
  await authenticator.answerPrompts(true);
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page).toHaveURL("/dashboard");

  await page.goto("/settings/security");
  await expect(page.getByRole("listitem", { name: "Work laptop" })).toContainText(
    "last used just now",
  );
});

test("the login page works with the password alone where passkeys are unavailable", async ({
  page,
}) => {
  const user = await signUp(page);
  await logOut(page);
  await page.addInitScript(() => {
    // A browser without WebAuthn: no conditional UI, no passkey button, the form as before.
    Object.defineProperty(window, "PublicKeyCredential", { value: undefined });
  });
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toHaveCount(0);
  await submitPassword(page, user.email, user.password);
  await expect(page).toHaveURL("/dashboard");
});
