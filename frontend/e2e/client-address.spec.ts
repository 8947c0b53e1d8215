import { randomInt } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { ports } from "../playwright.client-address.config";
import { newUser } from "./support";

// Run by playwright.client-address.config.ts, which starts both shapes with the production login limit.
const LOGIN_LIMIT = 10;

const shapes = [
  { name: "next start alone (TRUSTED_PROXY_HOPS=0)", url: `http://localhost:${ports.direct}` },
  {
    name: "behind a proxy that appends to X-Forwarded-For (TRUSTED_PROXY_HOPS=1)",
    url: `http://localhost:${ports.appendingProxy}`,
  },
];

function randomAddress(): string {
  return `203.0.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

/** Every request the page makes claims another client address, in every header a server might believe. */
async function forgeAddressOnEveryRequest(page: Page): Promise<void> {
  await page.route("**/*", (route) =>
    route.continue({
      headers: {
        ...route.request().headers(),
        "x-forwarded-for": `${randomAddress()}, ${randomAddress()}`,
        "x-real-ip": randomAddress(),
        // The header lib/socket-peer.ts stamps, in the shape it has (token, address).
        "x-latchkey-peer": `${crypto.randomUUID()} ${randomAddress()}`,
      },
    }),
  );
}

for (const shape of shapes) {
  test.describe(shape.name, () => {
    test("a forged client address on every web login does not lift the login limit", async ({
      page,
    }) => {
      // Eleven full page loads, every request of each one routed through this test (about 4.5 s an attempt on a
      // busy 2-core host): more than the default 45 s, which this test ran out of at attempt 9.
      test.setTimeout(120_000);
      await forgeAddressOnEveryRequest(page);
      // The login page has two live regions (the password form's and the passkey sign-in's): one must say it.
      const alerts = page.getByRole("main").getByRole("alert");
      for (let attempt = 1; attempt <= LOGIN_LIMIT + 1; attempt++) {
        await page.goto(`${shape.url}/login`);
        await page.getByLabel("Email").fill(newUser().email);
        await page.getByLabel("Password").fill("Wrong password 123");
        await page.getByRole("button", { name: "Log in" }).click();
        const expected =
          attempt <= LOGIN_LIMIT ? "Invalid email or password." : /Too many attempts/;
        await expect(alerts.filter({ hasText: expected }), `attempt ${attempt}`).toBeVisible();
      }
    });

    test("Django records the browser's real address, not a forged or a proxy's one", async ({
      page,
    }) => {
      await forgeAddressOnEveryRequest(page);
      await page.goto(`${shape.url}/signup`);
      const user = newUser();
      await page.getByLabel("Name").fill(user.name);
      await page.getByLabel("Email").fill(user.email);
      await page.getByLabel("Password").fill(user.password);
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();

      await page.goto(`${shape.url}/settings/sessions`);
      // The browser reaches localhost over IPv4 or IPv6; the appending proxy reaches Next.js from 127.0.0.2.
      await expect(page.getByText(/IP (127\.0\.0\.1|::1) ·/)).toBeVisible();
      await expect(page.getByText(/IP (203\.0\.|127\.0\.0\.2)/)).toHaveCount(0);
    });
  });
}
