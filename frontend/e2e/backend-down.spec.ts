import { expect, type Page, test } from "@playwright/test";
import { expectAccessibleInBothSchemes } from "./axe";

// Run by playwright.backend-down.config.ts, against a backend that never answers.
const hungBackend = process.env.E2E_HUNG_BACKEND_URL as string;

/** Session cookies that look live to proxy.ts (it cannot fetch the keys to check them), so pages ask the backend. */
async function holdLookalikeSession(page: Page, baseURL: string): Promise<void> {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const token = `${part({ alg: "ES256", kid: "e2e" })}.${part({ exp })}.${part({ sig: 1 })}`;
  // Plain names: this config runs next start with COOKIE_SECURE=false (CDP will not set a Secure cookie on http).
  const cookies = ["access", "refresh"].map((name) => ({
    name,
    value: token,
    url: baseURL,
    httpOnly: true,
  }));
  await page.context().addCookies(cookies);
}

async function swallowedRequests(page: Page): Promise<number> {
  const response = await page.request.get(`${hungBackend}/__e2e/requests`);
  return ((await response.json()) as { swallowed: number }).swallowed;
}

test("a signed-in page fails within seconds, inside the app's frame, and Try again asks the backend again", async ({
  page,
  baseURL,
}) => {
  await holdLookalikeSession(page, baseURL as string);
  const started = Date.now();
  await page.goto("/dashboard");
  const heading = page.getByRole("heading", { name: "Latchkey is not answering" });
  await expect(heading).toBeVisible();
  // Bounded: 1 s for the keys, READ_TIMEOUT_MS (3 s) for the user; it used to take 17 s.
  expect(Date.now() - started).toBeLessThan(8_000);

  await expect(page.getByRole("link", { name: "Latchkey" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Log out" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to the home page" })).toHaveAttribute(
    "href",
    "/",
  );
  await expectAccessibleInBothSchemes(page, "backend down, signed in");

  const before = await swallowedRequests(page);
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("button", { name: "Trying again…" })).toBeVisible();
  await expect.poll(() => swallowedRequests(page)).toBeGreaterThan(before);
  await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
  await expect(heading).toBeVisible();
});

test("the pages for visitors still work, without the backend", async ({ page }) => {
  for (const path of ["/", "/login", "/no-such-page"]) {
    await page.goto(path);
    await expect(page.getByRole("link", { name: "Latchkey" })).toBeVisible();
    await expectAccessibleInBothSchemes(page, `backend down, ${path}`);
  }
});
