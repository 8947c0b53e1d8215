import { expect, test } from "@playwright/test";
import { carriesRefresh, recordRequests, startOtherSite } from "./other-site";
import { signUp, tokenCookie } from "./support";

// Run by playwright.cross-site.config.ts, whose access tokens live 5 minutes: the access cookie (SameSite=Lax) is
// live throughout, the refresh cookie (Strict) never leaves on a request another site started.

function appUrl(path: string): string {
  return new URL(path, test.info().project.use.baseURL).href;
}

test("a link from another site with a live access token opens the dashboard directly", async ({
  page,
}) => {
  const user = await signUp(page);
  const other = await startOtherSite(appUrl("/dashboard"));
  try {
    const navigations = recordRequests(page, appUrl("/dashboard"));
    await page.goto(other.url);
    await page.getByRole("link", { name: "Open the app" }).click();

    await expect(page).toHaveURL("/dashboard");
    await expect(page.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();
    const sent = await navigations.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers["sec-fetch-site"]).toBe("cross-site");
    expect(carriesRefresh(sent[0]?.headers.cookie)).toBe(false);
    expect(sent[0]?.setCookie ?? null).toBeNull();
  } finally {
    await other.close();
  }
});

// /logout refuses a cross-site post (403); a page path renders for nobody, since no cookie came along, and so ends
// on the login page (as it did before SameSite=Strict): nothing in that chain may carry or touch a token.
for (const target of ["/logout", "/dashboard", "/settings"]) {
  test(`a form on another site posting to ${target} carries no refresh cookie and changes nothing`, async ({
    page,
    context,
  }) => {
    const user = await signUp(page);
    const before = [await tokenCookie(context, "access"), await tokenCookie(context, "refresh")];
    const other = await startOtherSite(appUrl("/dashboard"), [appUrl(target)]);
    try {
      const app = new URL(appUrl("/")).origin;
      const navigations = recordRequests(page, app);
      await page.goto(other.url);
      await page.getByRole("button", { name: "Post 0" }).click();
      // Waits for the last response of the chain the post started, and for its page to load.
      await page.waitForURL((url) => url.origin === app);

      const sent = await navigations.sent();
      expect(sent[0]?.method).toBe("POST");
      expect(sent[0]?.path).toBe(target);
      for (const request of sent) {
        expect(request.headers["sec-fetch-site"], request.path).toBe("cross-site");
        expect(carriesRefresh(request.headers.cookie), request.path).toBe(false);
        expect(request.setCookie ?? null, request.path).toBeNull();
      }
      expect([await tokenCookie(context, "access"), await tokenCookie(context, "refresh")]).toEqual(
        before,
      );

      await page.goto("/dashboard");
      await expect(page.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();
    } finally {
      await other.close();
    }
  });
}
