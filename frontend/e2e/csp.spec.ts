import { expect, test } from "@playwright/test";
import { logIn, logOut, signUp } from "./support";

test("pages carry a nonce-based CSP that the app itself never violates", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) {
      violations.push(message.text());
    }
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(
        `Content Security Policy violation on ${location.pathname}: ${event.violatedDirective} ` +
          `blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber} ${event.sample}`,
      );
    });
  });

  const nonces = new Set<string>();
  for (const path of ["/", "/login", "/signup"]) {
    const response = await page.goto(path);
    const policy = response?.headers()["content-security-policy"] ?? "";
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
    expect(nonce, path).toBeTruthy();
    nonces.add(nonce ?? "");
    expect(policy).toContain("'strict-dynamic'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("base-uri 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain("unsafe-eval");
    // The framework's inline scripts ran, so the page hydrated under the policy.
    await expect.poll(() => page.evaluate(() => "__next_f" in window)).toBe(true);
  }
  expect(nonces.size).toBe(3);

  const user = await signUp(page);
  const dashboard = await page.goto("/dashboard");
  expect(dashboard?.headers()["content-security-policy"]).toMatch(/'nonce-/);
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByRole("button", { name: "Delete account" })).toBeVisible();
  await logOut(page);
  await logIn(page, user);
  await expect(page).toHaveURL("/dashboard");

  expect(violations).toEqual([]);
});
