import { inflateSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { waitForEmail } from "./mail";
import { logIn, logOut, newUser, requestEmailChange, signUp } from "./support";

// Runs under playwright.stale-link.config.ts: reset and email-change links live E2E_LINK_TIMEOUT seconds there.
const apiUrl = `http://localhost:${process.env.E2E_STALE_LINK_BACKEND_PORT}`;
const linkTimeout = Number(process.env.E2E_LINK_TIMEOUT);

function params(link: string): Record<string, string> {
  return Object.fromEntries(new URL(link).searchParams);
}

test("a stale reset link says it expired and sends a new one in one click; the new one works", async ({
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const user = await signUp(page);
  await logOut(page);
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(user.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  const old = await waitForEmail(user.email, "Reset your password", { baseURL });

  // Wait for the link to expire by asking the API: a weak password is refused without using the link while the
  // link still works (password_too_common), and once it is stale the answer is expired_key.
  await expect
    .poll(
      async () => {
        const response = await request.post(`${apiUrl}/api/auth/password/reset/confirm/`, {
          data: { ...params(old.link), new_password: "password" },
        });
        return (await response.json()).errors?.[0]?.code;
      },
      { timeout: (linkTimeout + 20) * 1000, intervals: [500] },
    )
    .toBe("expired_key");

  const main = page.getByRole("main");
  await page.goto(old.link);
  await page.getByLabel("New password").fill(`too late ${crypto.randomUUID()}`);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(main.getByRole("alert")).toContainText("This link has expired.");
  await main.getByRole("button", { name: "Send a new link" }).click();
  await expect(main.getByRole("status")).toContainText(
    "We sent a new reset link to the address the old one was sent to.",
  );

  const fresh = await waitForEmail(user.email, "Reset your password", { baseURL, after: 1 });
  expect(fresh.link).not.toBe(old.link);
  const newPassword = `amber harbour ${crypto.randomUUID()}`;
  await page.goto(fresh.link);
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(main.getByRole("status")).toContainText("Your password has been changed.");
  await page.goto("/login");
  await logIn(page, { ...user, password: newPassword });
  await expect(page).toHaveURL("/dashboard");
});

/** When a signed email-change key was made (its `iat`, Unix seconds); the backend checks the signature. */
function issuedAt(key: string): number {
  const payload = key.split(":", 1)[0] ?? "";
  const raw = Buffer.from(payload.replace(/^\./, ""), "base64url");
  return JSON.parse(inflateSync(raw).toString("utf8")).iat;
}

test("a stale email-change link says it expired and leads to the settings to ask again", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const user = await signUp(page);
  const newEmail = newUser().email;
  await requestEmailChange(page, user, newEmail);
  const old = await waitForEmail(newEmail, "Confirm your new email address", { baseURL });

  // There is no way to ask whether this key is stale without spending it: wait on the clock, for the key's own
  // issue time to be more than the timeout ago (the backend counts whole seconds, so one more).
  const staleAt = (issuedAt(params(old.link).key ?? "") + linkTimeout + 1) * 1000;
  await expect
    .poll(() => Date.now() >= staleAt, { timeout: (linkTimeout + 20) * 1000, intervals: [250] })
    .toBe(true);

  const main = page.getByRole("main");
  await page.goto(old.link);
  await page.getByRole("button", { name: "Confirm new email" }).click();
  await expect(main.getByRole("alert")).toContainText("This link has expired.");
  await main.getByRole("link", { name: "Request the change again" }).click();
  await expect(page).toHaveURL("/settings#email");

  await requestEmailChange(page, user, newEmail);
  const fresh = await waitForEmail(newEmail, "Confirm your new email address", {
    baseURL,
    after: 1,
  });
  await page.goto(fresh.link);
  await page.getByRole("button", { name: "Confirm new email" }).click();
  await expect(main.getByRole("status")).toContainText("Your email address has been changed.");
});
