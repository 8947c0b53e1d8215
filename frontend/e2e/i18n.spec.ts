import { expect, test } from "@playwright/test";
import { expectAccessibleInBothSchemes } from "./axe";
import { expectNoHorizontalOverflow, pageIn } from "./i18n-support";
import { waitForEmail } from "./mail";
import { newUser } from "./support";

test("the German journey: signup, dashboard, settings, log out", async ({ browser }) => {
  const page = await pageIn(browser, "de-DE");
  const user = newUser();

  await page.goto("/signup");
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
  await expect(page.getByRole("heading", { name: "Erstellen Sie Ihr Konto" })).toBeVisible();
  await expect(page).toHaveTitle("Konto erstellen · Latchkey");
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("E-Mail").fill(user.email);
  await page.getByLabel("Passwort", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Konto erstellen" }).click();

  await expect(page).toHaveURL("/dashboard");
  await expect(page.getByRole("heading", { name: `Willkommen, ${user.name}` })).toBeVisible();
  // The account keeps the language it signed up in: the mail worker writes the verification mail in German.
  const mail = await waitForEmail(user.email, "Bestätigen Sie Ihre E-Mail-Adresse");
  expect(mail.link).toContain("/verify-email?");
  await expect(page.getByText("Mitglied seit")).toBeVisible();
  await expect(
    page.getByRole("heading", { name: "Bitte bestätigen Sie Ihre E-Mail-Adresse" }),
  ).toBeVisible();

  await page
    .getByRole("navigation", { name: "Hauptmenü" })
    .getByRole("link", { name: "Einstellungen" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Einstellungen" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Gefahrenbereich" })).toBeVisible();
  // The app's own check speaks German too.
  const password = page.getByRole("region", { name: "Passwort", exact: true });
  await password.getByRole("button", { name: "Passwort ändern" }).click();
  await expect(password.getByLabel("Aktuelles Passwort")).toHaveAccessibleDescription(
    "Geben Sie Ihr aktuelles Passwort ein.",
  );

  await page.getByRole("button", { name: "Abmelden" }).click();
  await expect(page).toHaveURL("/login");
  await expect(page.getByRole("heading", { name: "Anmelden" })).toBeVisible();
  await page.context().close();
});

test("the Arabic journey at 360 px: right to left, no overflow, signup to log out", async ({
  browser,
}) => {
  const page = await pageIn(browser, "ar", 360);
  const user = { ...newUser(), name: "ليلى أحمد" };

  await page.goto("/signup");
  await expect(page.locator("html")).toHaveAttribute("lang", "ar");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.getByRole("heading", { name: "أنشئ حسابك" })).toBeVisible();
  await expectNoHorizontalOverflow(page, "/signup");
  // The form's own validation, in Arabic.
  await page.getByRole("button", { name: "إنشاء الحساب" }).click();
  await expect(page.getByLabel("الاسم")).toHaveAccessibleDescription("أدخل اسمك.");

  await page.getByLabel("الاسم").fill(user.name);
  await page.getByLabel("البريد الإلكتروني").fill(user.email);
  await page.getByLabel("كلمة المرور", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "إنشاء الحساب" }).click();

  await expect(page).toHaveURL("/dashboard");
  await expect(page.getByRole("heading", { name: `مرحبًا، ${user.name}` })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expectNoHorizontalOverflow(page, "/dashboard");
  // The logo starts the header on the right.
  const logo = await page.getByRole("banner").getByRole("link", { name: "Latchkey" }).boundingBox();
  expect(logo?.x ?? 0).toBeGreaterThan(180);

  await page.getByRole("link", { name: "الإعدادات" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "الإعدادات" })).toBeVisible();
  await expectNoHorizontalOverflow(page, "/settings");

  await page.getByRole("button", { name: "تسجيل الخروج" }).click();
  await expect(page).toHaveURL("/login");
  await expect(page.getByRole("heading", { name: "تسجيل الدخول" })).toBeVisible();
  await expectNoHorizontalOverflow(page, "/login");
  await page.context().close();
});

test("axe finds nothing on the Arabic login and dashboard, light and dark", async ({ browser }) => {
  const page = await pageIn(browser, "ar");
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expectAccessibleInBothSchemes(page, "/login (ar)");

  const user = newUser();
  await page.goto("/signup");
  await page.getByLabel("الاسم").fill(user.name);
  await page.getByLabel("البريد الإلكتروني").fill(user.email);
  await page.getByLabel("كلمة المرور", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "إنشاء الحساب" }).click();
  await expect(page).toHaveURL("/dashboard");
  await expectAccessibleInBothSchemes(page, "/dashboard (ar)");
  await page.goto("/settings");
  await expectAccessibleInBothSchemes(page, "/settings (ar)");
  await page.context().close();
});

test("the language switcher remembers the choice over the browser's", async ({ browser }) => {
  const page = await pageIn(browser, "en-US");
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();

  const switcher = page.getByRole("navigation", { name: "Language" });
  await expect(switcher.getByRole("button", { name: "English" })).toHaveAttribute(
    "aria-current",
    "true",
  );
  await switcher.getByRole("button", { name: "Deutsch" }).click();
  await expect(page.getByRole("heading", { name: "Anmelden" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  const cookie = (await page.context().cookies()).find((c) => c.name === "locale");
  expect(cookie?.value).toBe("de");
  expect(cookie?.sameSite).toBe("Lax");
  expect((cookie?.expires ?? 0) * 1000 - Date.now()).toBeGreaterThan(360 * 24 * 3600 * 1000);

  // Chosen once, it outranks Accept-Language on every page.
  await page.goto("/signup");
  await expect(page.getByRole("heading", { name: "Erstellen Sie Ihr Konto" })).toBeVisible();
  await page
    .getByRole("navigation", { name: "Sprache" })
    .getByRole("button", { name: "العربية" })
    .click();
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.getByRole("heading", { name: "أنشئ حسابك" })).toBeVisible();
  await page.context().close();
});

test("signed in, the language is set from the settings page", async ({ browser }) => {
  const page = await pageIn(browser, "en-US");
  const user = newUser();
  await page.goto("/signup");
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL("/dashboard");

  await page.goto("/settings");
  const section = page.getByRole("group", { name: "Language" });
  await section.getByRole("button", { name: "Deutsch" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Einstellungen" })).toBeVisible();
  await expect(
    page.getByRole("group", { name: "Sprache" }).getByRole("button", { name: "Deutsch" }),
  ).toHaveAttribute("aria-current", "true");
  await page.context().close();
});
