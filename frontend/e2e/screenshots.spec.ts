import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { pageIn } from "./i18n-support";
import { newUser } from "./support";

/** The README's screenshots, made again on every run so they show the app as it is. 1280x800 PNG. */
const target = (name: string) =>
  fileURLToPath(new URL(`../../docs/screenshots/${name}.png`, import.meta.url));

test("README screenshots: light, dark and right-to-left", async ({ browser }) => {
  const english = await pageIn(browser, "en-US", 1280);
  await english.goto("/login");
  await expect(english.getByRole("heading", { name: "Log in" })).toBeVisible();
  await english.screenshot({ path: target("light") });

  await english.emulateMedia({ colorScheme: "dark" });
  await english.goto("/signup");
  await expect(english.getByRole("heading", { name: "Create your account" })).toBeVisible();
  await english.screenshot({ path: target("dark") });
  await english.context().close();

  const arabic = await pageIn(browser, "ar", 1280);
  const user = { ...newUser(), name: "ليلى أحمد" };
  await arabic.goto("/signup");
  await arabic.getByLabel("الاسم").fill(user.name);
  await arabic.getByLabel("البريد الإلكتروني").fill(user.email);
  await arabic.getByLabel("كلمة المرور", { exact: true }).fill(user.password);
  await arabic.getByRole("button", { name: "إنشاء الحساب" }).click();
  await expect(arabic.getByRole("heading", { name: `مرحبًا، ${user.name}` })).toBeVisible();
  // The random address and today's date are masked, so the picture changes only when the page does.
  await arabic.screenshot({
    path: target("rtl"),
    mask: [arabic.getByText(user.email), arabic.locator("time")],
    maskColor: "#e4e4e7",
  });
  await arabic.context().close();
});
