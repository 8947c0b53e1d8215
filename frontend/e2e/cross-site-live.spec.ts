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
    const navigations = recordRequests(page, "/dashboard");
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

for (const target of ["/logout", "/dashboard", "/settings"]) {
  test(`a form on another site posting to ${target} carries no refresh cookie and changes nothing`, async ({
    page,
    context,
  }) => {
    const user = await signUp(page);
    const before = [await tokenCookie(context, "access"), await tokenCookie(context, "refresh")];
    const other = await startOtherSite(appUrl("/dashboard"), [appUrl(target)]);
    try {
      const navigations = recordRequests(page, target);
      await page.goto(other.url);
      await page.getByRole("button", { name: "Post 0" }).click();
      await expect.poll(async () => (await navigations.sent()).length).toBe(1);
      const [post] = await navigations.sent();

      expect(post?.method).toBe("POST");
      expect(post?.headers["sec-fetch-site"]).toBe("cross-site");
      expect(carriesRefresh(post?.headers.cookie)).toBe(false);
      expect(post?.setCookie ?? null).toBeNull();
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
