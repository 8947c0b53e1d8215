import { type BrowserContext, expect, test } from "@playwright/test";
import { turnOnTotp } from "./mfa-support";
import { signUp, tokenCookie } from "./support";

// Turning on an authenticator app ends the old session and this browser goes on under a new pair. A request the
// page sent before the new pair arrived still carries the old cookies, and its answer can reach the browser after
// the new cookies did: the navigation links' prefetches do that while the action runs (mfa.spec.ts met it as a
// flaky sign-out). Such an answer must not clear the cookies, or it deletes the new pair. The browser cannot be
// made to hold a request's cookies (Chromium attaches them when an intercepted request goes on), so each case
// sends the late request itself, with old cookies, once the old access tokens have expired (the server then has to
// try the old refresh token), and reads what its answer would write.
const LATE_REQUESTS: {
  what: string;
  method: "GET" | "HEAD";
  path: string;
  headers: Record<string, string>;
}[] = [
  {
    what: "a prefetch of a signed-in page",
    method: "GET",
    path: "/dashboard",
    headers: { RSC: "1", "Next-Router-Prefetch": "1" },
  },
  { what: "a signed-in page", method: "GET", path: "/settings/sessions", headers: {} },
  { what: "a guest-only page", method: "GET", path: "/login?next=%2Fsettings", headers: {} },
  { what: "the data export", method: "GET", path: "/settings/export", headers: {} },
  { what: "a HEAD of a signed-in page", method: "HEAD", path: "/settings", headers: {} },
];

// Two old pairs: the one the page held when the action began, and the one from the sign-up, which the proxy may
// have refreshed since (a late request with it is answered from the refresh's remembered outcome, a pair the
// action has replaced in turn). One action serves every case (each late answer writes nothing, or fails the test),
// all sent within the 15 s for which this server remembers the replaced pair. playwright.replicas.config.ts sends
// them to a second replica instead (E2E_LATE_REQUEST_ORIGIN), which remembers nothing: Django's answer decides.
const lateOrigin = process.env.E2E_LATE_REQUEST_ORIGIN ?? "";

test("late answers after the pair was replaced clear nothing", async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(90_000);
  // Django tells a late refresh apart for 10 s after the pair changed: a second replica must not spend them
  // compiling its first page.
  if (lateOrigin) expect((await request.get(`${lateOrigin}/login`)).status()).toBe(200);
  await signUp(page);
  const pairs = [await sessionPair(context)];
  await turnOnTotp(page, {
    beforeTurningOn: async () => {
      pairs.push(await sessionPair(context));
    },
  });
  const latest = await sessionPair(context);
  const lastExpiry = Math.max(0, ...pairs.map(({ access }) => access?.expires ?? 0));
  await expect.poll(() => Date.now() / 1000 > lastExpiry, { timeout: 15_000 }).toBe(true);

  for (const { what, method, path, headers } of LATE_REQUESTS) {
    for (const [index, { access, refresh }] of pairs.entries()) {
      await test.step(`${what}, old pair ${index + 1}`, async () => {
        expect(refresh.value).not.toBe(latest.refresh.value);
        // As the browser would send it: an access cookie that has reached its Max-Age is no longer sent.
        const sent = access ? [access, refresh] : [refresh];
        const late = await request.fetch(`${lateOrigin}${path}`, {
          method,
          headers: {
            ...headers,
            cookie: sent.map(({ name, value }) => `${name}=${value}`).join("; "),
          },
          maxRedirects: 0,
        });
        expect(late.status()).toBeLessThan(500);
        const written = late
          .headersArray()
          .filter(({ name }) => name.toLowerCase() === "set-cookie")
          .map(({ value }) => value.split("=")[0]);
        expect(written).not.toContain(refresh.name.replace("refresh", "access"));
        expect(written).not.toContain(refresh.name);
      });
    }
  }

  // And the browser, which holds the new pair, is still signed in.
  await page.goto("/settings/security");
  await expect(page).toHaveURL("/settings/security");
  await expect(
    page.getByRole("region", { name: "Authenticator app" }).getByText("On."),
  ).toBeVisible();
});

/** The session cookies now; the access cookie lives 3 s here, so it may have gone (the browser drops it at exp). */
async function sessionPair(context: BrowserContext) {
  const refresh = await tokenCookie(context, "refresh");
  if (!refresh) throw new Error("no refresh cookie");
  return { access: await tokenCookie(context, "access"), refresh };
}
