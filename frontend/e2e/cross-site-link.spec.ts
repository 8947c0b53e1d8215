import { expect, test } from "@playwright/test";
import { carriesRefresh, recordRequests, startOtherSite } from "./other-site";
import { signUp, waitForAccessCookieExpiry } from "./support";

// The refresh cookie is SameSite=Strict: a link on another site (a web mail, a chat) reaches the app without it.
// The e2e backend issues 3-second access tokens, so the browser has dropped the access cookie by the time the
// link is followed; playwright.cross-site.config.ts covers the same link with a live one.

// Path and query exactly as written in the mail, a hostile-looking query included.
const REQUESTED = "/dashboard?tab=1&next=%2F%2Fevil.example";

function appUrl(path: string): string {
  return new URL(path, test.info().project.use.baseURL).href;
}

test("a link from another site, after the access token expired, lands on the dashboard signed in", async ({
  page,
  context,
}) => {
  const user = await signUp(page);
  await waitForAccessCookieExpiry(context);
  const other = await startOtherSite(appUrl(REQUESTED));
  try {
    const navigations = recordRequests(page, appUrl("/dashboard"));
    await page.goto(other.url);
    await page.getByRole("link", { name: "Open the app" }).click();

    await expect(page).toHaveURL(REQUESTED);
    await expect(page.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();
    const [link, bounced, ...more] = await navigations.sent();
    // The link itself: cross-site, no refresh cookie, answered with the bounce page, and no cookie touched.
    expect(link?.headers["sec-fetch-site"]).toBe("cross-site");
    expect(carriesRefresh(link?.headers.cookie)).toBe(false);
    expect(link?.status).toBe(200);
    expect(link?.setCookie ?? null).toBeNull();
    // The bounce's re-request: the same URL from the app's own page, so the refresh cookie comes along.
    expect(bounced?.path).toBe(REQUESTED);
    expect(bounced?.headers["sec-fetch-site"]).toBe("same-origin");
    expect(carriesRefresh(bounced?.headers.cookie)).toBe(true);
    expect(more).toEqual([]);
  } finally {
    await other.close();
  }
});

test("a signed-out visitor following the same link ends on login after one bounce", async ({
  page,
}) => {
  const other = await startOtherSite(appUrl(REQUESTED));
  try {
    const navigations = recordRequests(page, appUrl("/dashboard"));
    await page.goto(other.url);
    await page.getByRole("link", { name: "Open the app" }).click();

    await expect(page).toHaveURL(`/login?next=${encodeURIComponent(REQUESTED)}`);
    await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
    const sent = await navigations.sent();
    expect(
      sent.map((request) => [request.path, request.headers["sec-fetch-site"], request.status]),
    ).toEqual([
      [REQUESTED, "cross-site", 200],
      [REQUESTED, "same-origin", 307],
    ]);
  } finally {
    await other.close();
  }
});

// The bounce page names no URL, so whatever the link says, the reload is the same URL on this origin.
for (const hostile of [
  "/dashboard//evil.example",
  "/dashboard/%2F%2Fevil.example",
  "/dashboard/%5Cevil.example",
  `/dashboard?next=%2F%2Fevil.example&pad=${"a".repeat(4000)}`,
]) {
  test(`a hostile link ${hostile.slice(0, 40)} is bounced once, to itself, and ends on this site's login`, async ({
    page,
  }) => {
    const app = new URL(appUrl("/")).origin;
    const other = await startOtherSite(appUrl(hostile));
    try {
      const navigations = recordRequests(page, app);
      await page.goto(other.url);
      await page.getByRole("link", { name: "Open the app" }).click();

      await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
      expect(new URL(page.url()).origin).toBe(app);
      expect(new URL(page.url()).pathname).toBe("/login");
      const sent = await navigations.sent();
      // Next itself may first normalise the path (308, on this origin, still part of the cross-site chain).
      const crossSite = sent.filter(
        (request) => request.headers["sec-fetch-site"] === "cross-site",
      );
      const sameOrigin = sent.filter(
        (request) => request.headers["sec-fetch-site"] === "same-origin",
      );
      expect(crossSite.length + sameOrigin.length).toBe(sent.length);
      expect(crossSite.slice(0, -1).map((request) => request.status)).toEqual(
        crossSite.slice(0, -1).map(() => 308),
      );
      const bounce = crossSite.at(-1);
      expect(bounce?.status).toBe(200);
      expect(sameOrigin.map((request) => request.status)).toEqual([307, 200]);
      expect(sameOrigin[0]?.path).toBe(bounce?.path);
    } finally {
      await other.close();
    }
  });
}
