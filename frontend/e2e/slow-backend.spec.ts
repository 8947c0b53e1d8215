import { existsSync, readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { API_TIMEOUT_MS, SLOW_LOG, SLOW_MARKER } from "../playwright.slow-backend.config";
import { newUser, signUp } from "./support";

// Issue 13: with Django slow, the login form said it failed, but Django later processed the queued request and
// that session appeared in the user's list. Now Next.js sends its deadline and Django refuses once it has passed.

function slowAnswers(path: string): string[] {
  if (!existsSync(SLOW_LOG)) return [];
  return readFileSync(SLOW_LOG, "utf8")
    .split("\n")
    .filter((line) => line.startsWith(`${path} `))
    .map((line) => line.split(" ")[1] ?? "");
}

test.setTimeout(60_000);

test("a login the user saw fail leaves no session once the slow backend gets to it", async ({
  page,
  browser,
}) => {
  const user = await signUp(page);
  const before = slowAnswers("/api/auth/login/").length;

  const slow = await browser.newContext({ userAgent: `Mozilla/5.0 Chrome ${SLOW_MARKER}` });
  const late = await slow.newPage();
  await late.goto("/login");
  await late.getByLabel("Email").fill(user.email);
  await late.getByLabel("Password").fill(user.password);
  const submitted = Date.now();
  await late.getByRole("button", { name: "Log in" }).click();

  await expect(
    late
      .getByRole("alert")
      .filter({ hasText: "The server took too long to answer, so you were not signed in." }),
  ).toBeVisible();
  // Told before Django has even answered (an order, not a time: a loaded machine only shifts both later)...
  expect(slowAnswers("/api/auth/login/").slice(before)).toEqual([]);
  // ...and not before the API timeout: the failure is the deadline's, not an early error.
  expect(Date.now() - submitted).toBeGreaterThanOrEqual(API_TIMEOUT_MS - 500);
  await expect(late).toHaveURL("/login");

  // Django gets to the request after the user was told it failed, and refuses it.
  await expect
    .poll(() => slowAnswers("/api/auth/login/").slice(before), { timeout: 30_000 })
    .toEqual(["408"]);

  await page.goto("/settings/sessions");
  await expect(
    page.getByRole("region", { name: /Signed-in devices/ }).getByRole("listitem"),
  ).toHaveCount(1);
  await slow.close();
});

test("a signup the user saw fail leaves no account, so trying again works", async ({ browser }) => {
  const user = newUser();
  const before = slowAnswers("/api/auth/register/").length;
  const slow = await browser.newContext({ userAgent: `Mozilla/5.0 Chrome ${SLOW_MARKER}` });
  const late = await slow.newPage();
  await late.goto("/signup");
  await late.getByLabel("Name").fill(user.name);
  await late.getByLabel("Email").fill(user.email);
  await late.getByLabel("Password").fill(user.password);
  await late.getByRole("button", { name: "Create account" }).click();
  await expect(late.getByRole("alert").filter({ hasText: "you were not signed in" })).toBeVisible();
  await expect
    .poll(() => slowAnswers("/api/auth/register/").slice(before), { timeout: 30_000 })
    .toEqual(["408"]);
  await slow.close();

  // Without the marker the backend answers at once: the address is free, the account is new.
  const fresh = await browser.newContext();
  await signUp(await fresh.newPage(), user);
  await fresh.close();
});
