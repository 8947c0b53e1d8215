import { type APIRequestContext, type BrowserContext, expect, test } from "@playwright/test";
import { Authenticator } from "./mfa-support";
import { signUp, tokenCookie } from "./support";

// Runs under playwright.step-up.config.ts: a backend whose step-up window is a few seconds.
const apiUrl = `http://localhost:${process.env.E2E_STEP_UP_BACKEND_PORT}`;

/** Waits, by asking the API, until this session's recent proof of identity (and second factor) has lapsed. */
async function waitForStepUpWindowToPass(context: BrowserContext, request: APIRequestContext) {
  await expect
    .poll(
      async () => {
        const access = await tokenCookie(context, "access");
        const response = await request.get(`${apiUrl}/api/auth/mfa/`, {
          headers: { Authorization: `Bearer ${access?.value}` },
        });
        const state = await response.json();
        return state.reauthenticated_until === null && state.second_factor_until === null;
      },
      { timeout: 20_000, intervals: [250] },
    )
    .toBe(true);
}

test("sensitive actions ask to confirm identity once the window has passed, then go through", async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(120_000);
  const user = await signUp(page);
  await page.goto("/settings/security");
  const section = page.getByRole("region", { name: "Authenticator app" });
  const dialog = page.getByRole("dialog", { name: "Confirm it’s you" });

  await waitForStepUpWindowToPass(context, request);
  await section.getByRole("button", { name: "Set up authenticator app" }).click();
  await expect(dialog).toBeVisible();
  // Without a second factor the password is the only way.
  await expect(dialog.getByRole("radio")).toHaveCount(0);
  await dialog.getByLabel("Password").fill("not my password");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await dialog.getByLabel("Password").fill(user.password);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
  const app = new Authenticator(await section.getByLabel("Setup key").inputValue());

  // Confirming the code is sensitive too: the dialog comes back, and the code is sent again after it.
  await waitForStepUpWindowToPass(context, request);
  await section.getByLabel("Authentication code").fill(await app.code());
  await section.getByRole("button", { name: "Turn on" }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Password").fill(user.password);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(section.getByText("On.")).toBeVisible();

  // Removing a factor needs a second factor: the password is not offered.
  await waitForStepUpWindowToPass(context, request);
  await section.getByRole("button", { name: "Turn off" }).click();
  await section.getByRole("button", { name: "Turn off authenticator app" }).click();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("radio", { name: "Password" })).toHaveCount(0);
  await expect(dialog.getByRole("radio", { name: "Authenticator app" })).toBeChecked();
  await dialog.getByLabel("Authentication code").fill(await app.code());
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
  await expect(section.getByRole("button", { name: "Set up authenticator app" })).toBeVisible();
});

test("closing the dialog cancels the action", async ({ page, context, request }) => {
  await signUp(page);
  await page.goto("/settings/security");
  await waitForStepUpWindowToPass(context, request);
  const section = page.getByRole("region", { name: "Authenticator app" });
  await section.getByRole("button", { name: "Set up authenticator app" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm it’s you" });
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(section.getByLabel("Setup key")).toHaveCount(0);
  await expect(section.getByRole("button", { name: "Set up authenticator app" })).toBeEnabled();
});

test("signing out everywhere else asks to confirm identity once the window has passed", async ({
  page,
  context,
  request,
}) => {
  const user = await signUp(page);
  // A second device: a sign-in through the API.
  const other = await request.post(`${apiUrl}/api/auth/login/`, {
    data: { email: user.email, password: user.password },
  });
  expect(other.status()).toBe(200);
  await page.goto("/settings/sessions");
  await waitForStepUpWindowToPass(context, request);
  await page.getByRole("button", { name: "Sign out everywhere else" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm it’s you" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Password").fill(user.password);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Signed out 1 other device.")).toBeVisible();
  const refreshed = await request.post(`${apiUrl}/api/auth/refresh/`, {
    data: { refresh: (await other.json()).refresh },
  });
  expect(refreshed.status()).toBe(401);
});
