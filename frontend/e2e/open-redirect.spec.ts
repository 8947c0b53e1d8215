import { expect, test } from "@playwright/test";
import { logIn, logOut, signUp } from "./support";

// Each of these once sent a signed-in visitor, or a freshly logged-in one, to another host.
const HOSTILE_NEXT = [
  "/.//evil.example",
  "//evil.example",
  "/\\evil.example",
  "/%2F%2Fevil.example",
  "/.%2F%2Fevil.example",
  "/%09/evil.example",
  "/../..//evil.example",
  "https:evil.example",
  "https://evil.example/dashboard",
  "javascript:alert(document.domain)",
  "／／evil.example",
];

test("a signed-in visitor opening login with a hostile next stays on this site", async ({
  page,
  baseURL,
}) => {
  await signUp(page);
  for (const next of HOSTILE_NEXT) {
    await test.step(next, async () => {
      await page.goto(`/login?next=${encodeURIComponent(next)}`);
      await expect(page).toHaveURL(`${baseURL}/dashboard`);
      await expect(page.getByRole("heading", { name: /^Welcome, / })).toBeVisible();
    });
  }
});

test("logging in through a login link with a hostile next stays on this site", async ({
  page,
  baseURL,
}) => {
  const user = await signUp(page);
  for (const next of HOSTILE_NEXT.slice(0, 4)) {
    await test.step(next, async () => {
      await logOut(page);
      await page.goto(`/login?next=${encodeURIComponent(next)}`);
      await logIn(page, user);
      await expect(page).toHaveURL(`${baseURL}/dashboard`);
    });
  }
});
