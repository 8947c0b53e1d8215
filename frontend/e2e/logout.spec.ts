import { expect, type Page, test } from "@playwright/test";
import { logOut, signUp, tokenCookie } from "./support";

test("logging out ends the session and protects the dashboard again", async ({ page, context }) => {
  await signUp(page);

  await logOut(page);

  expect(await tokenCookie(context, "access")).toBeUndefined();
  expect(await tokenCookie(context, "refresh")).toBeUndefined();
  await page.goto("/dashboard");
  // This browser had a session: the login page says why it is asked again.
  await expect(page).toHaveURL("/login?next=%2Fdashboard&reason=signed-out");
  await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
});

async function expectNothingOf(page: Page, secrets: string[]): Promise<void> {
  await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
  const html = await page.content();
  for (const secret of secrets)
    expect(html, `the page still holds ${secret}`).not.toContain(secret);
}

test("after logging out, no page of the session can be seen again, not even with Back", async ({
  page,
}) => {
  const user = await signUp(page);
  // Full page loads, so the document also carries each page's data in its inline React payload.
  await page.goto("/settings");
  await expect(page.getByRole("region", { name: "Email" })).toContainText(user.email);
  await page.goto("/settings/sessions");
  const device = page.getByRole("region", { name: /Signed-in devices/ }).getByRole("listitem");
  await expect(device).toContainText(/IP \S+/);
  const ip = /IP (\S+) ·/.exec((await device.textContent()) ?? "")?.[1] as string;
  expect(ip).toBeTruthy();
  const secrets = [user.name, user.email, ip];

  const [logout] = await Promise.all([
    page.waitForResponse((response) => new URL(response.url()).pathname === "/logout"),
    page.getByRole("button", { name: "Log out" }).click(),
  ]);
  expect(logout.status()).toBe(303);
  expect((await logout.allHeaders())["clear-site-data"]).toBe('"cache", "storage"');
  expect((await logout.allHeaders())["cache-control"]).toBe("no-store");
  await expect(page).toHaveURL("/login");
  await expectNothingOf(page, secrets);

  // Back through sessions, settings and dashboard: each is fetched again and answered with the login page.
  for (const path of ["/settings/sessions", "/settings", "/dashboard"]) {
    await test.step(`Back to ${path}`, async () => {
      // As a person would: once the page has settled. Next's router rewrites the current history entry
      // (replaceState) while it hydrates; a Back pressed before that can be overtaken by it.
      await page.waitForLoadState("networkidle");
      await page.goBack();
      // The login page, asked to return to that path. When Next's router handles the Back itself, the redirect
      // makes it load the login page with its internal `_rsc` parameter still in the URL: the same page.
      await expect(page).toHaveURL(
        (url) => url.pathname === "/login" && url.searchParams.get("next") === path,
      );
      await expectNothingOf(page, secrets);
    });
  }
});

test("signed-in pages are never stored, so the back-forward cache cannot bring them back", async ({
  page,
}) => {
  await signUp(page);
  for (const path of ["/dashboard", "/settings", "/settings/sessions", "/settings/security"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    expect(response?.headers()["cache-control"], path).toContain("no-store");
  }
});

test("a logout form on another site is refused and the session goes on", async ({
  page,
  context,
  baseURL,
}) => {
  const user = await signUp(page);
  await context.route("http://evil.example/**", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<form method="post" action="${baseURL}/logout"><button>Claim your prize</button></form>`,
    }),
  );
  await page.goto("http://evil.example/");
  const [refused] = await Promise.all([
    page.waitForResponse((response) => new URL(response.url()).pathname === "/logout"),
    page.getByRole("button", { name: "Claim your prize" }).click(),
  ]);
  expect(refused.status()).toBe(403);

  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();
});

test.describe("requests to /logout that must not log out", () => {
  const cases: {
    label: string;
    method: string;
    headers: Record<string, string>;
    status: number;
  }[] = [
    { label: "GET (a link or an image)", method: "GET", headers: {}, status: 405 },
    {
      label: "POST from another site",
      method: "POST",
      headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
      status: 403,
    },
    {
      label: "POST from a sibling site",
      method: "POST",
      headers: { Origin: "http://evil.localhost", "Sec-Fetch-Site": "same-site" },
      status: 403,
    },
    { label: "POST with Origin null", method: "POST", headers: { Origin: "null" }, status: 403 },
    { label: "POST without Origin", method: "POST", headers: {}, status: 403 },
  ];
  for (const { label, method, headers, status } of cases) {
    test(label, async ({ page, context }) => {
      const user = await signUp(page);
      const response = await page.request.fetch("/logout", { method, headers, maxRedirects: 0 });
      expect(response.status()).toBe(status);
      expect(await tokenCookie(context, "refresh")).toBeDefined();

      await page.goto("/settings/sessions");
      await expect(
        page.getByRole("heading", { name: /Sessions|Signed-in devices/ }).first(),
      ).toBeVisible();
      await page.goto("/dashboard");
      await expect(page.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();
    });
  }
});
