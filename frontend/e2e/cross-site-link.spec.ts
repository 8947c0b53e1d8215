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
