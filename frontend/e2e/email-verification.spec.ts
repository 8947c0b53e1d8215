import { expect, test } from "@playwright/test";
import { countEmails, waitForEmail } from "./mail";
import { signUp } from "./support";

const SUBJECT = "Confirm your email address";

test("a new user verifies the email from the emailed link and the banner goes away", async ({
  page,
}) => {
  const user = await signUp(page);
  const banner = page.getByRole("region", { name: "Please verify your email address" });
  await expect(banner).toBeVisible();

  const email = await waitForEmail(user.email, SUBJECT);
  await page.goto(email.link);
  await expect(page).toHaveURL(/\/verify-email\?key=/);
  // The page says which address the link is for.
  await expect(page.getByRole("main")).toContainText(`Confirm that ${user.email} is yours`);
  await page.getByRole("button", { name: "Verify email" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText(
    "Your email address is verified.",
  );
  // One way on, not the same link twice.
  await expect(page.getByRole("link", { name: "Go to your dashboard" })).toHaveCount(1);

  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();
  await expect(banner).toHaveCount(0);
});

test("the banner's Resend button sends a new link", async ({ page }) => {
  const user = await signUp(page);
  await waitForEmail(user.email, SUBJECT);
  const before = await countEmails(user.email, SUBJECT);

  await page.getByRole("button", { name: "Resend" }).click();

  await expect(page.getByRole("main").getByRole("status")).toContainText(
    "We sent a new verification link.",
  );
  const email = await waitForEmail(user.email, SUBJECT, { after: before });
  await page.goto(email.link);
  await page.getByRole("button", { name: "Verify email" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText(
    "Your email address is verified.",
  );
});

test("a verification link without its key explains what went wrong", async ({ page }) => {
  await page.goto("/verify-email");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("incomplete");
  await page.goto("/verify-email?key=not-a-real-key");
  await page.getByRole("button", { name: "Verify email" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    /invalid, expired or already used/,
  );
});

test("opening a verification link again says it is already verified and offers the way on", async ({
  page,
  browser,
}) => {
  const user = await signUp(page);
  const { link } = await waitForEmail(user.email, SUBJECT);
  await page.goto(link);
  await page.getByRole("button", { name: "Verify email" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText(
    "Your email address is verified.",
  );

  const guestContext = await browser.newContext();
  const guest = await guestContext.newPage();
  const visitors = [
    { who: "signed in", tab: page, way: "Go to your dashboard", lands: "/dashboard" },
    { who: "signed out", tab: guest, way: "Log in", lands: "/login" },
  ];
  for (const { who, tab, way, lands } of visitors) {
    await test.step(who, async () => {
      await tab.goto(link);
      await tab.getByRole("button", { name: "Verify email" }).click();
      const main = tab.getByRole("main");
      await expect(main.getByRole("status")).toContainText(
        "Your email address is already verified.",
      );
      await expect(main.getByRole("alert")).toBeEmpty();
      await expect(tab.getByRole("link", { name: way, exact: true })).toHaveCount(1);
      await main.getByRole("link", { name: way, exact: true }).click();
      await expect(tab).toHaveURL(lands);
    });
  }
  await guestContext.close();
});
