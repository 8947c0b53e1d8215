import { expect, type Page, test } from "@playwright/test";
import { PSEUDO_CHARS, PSEUDO_CLOSE, PSEUDO_OPEN } from "../i18n/pseudo";
import { expectNoHorizontalOverflow } from "./i18n-support";
import { signUp } from "./support";

/**
 * The pseudo-locale smoke: with every catalogue string bracketed, accented and lengthened (en-XA, made from
 * en.json by the server when I18N_PSEUDO_LOCALE=true), any text on the page without those marks was written into
 * the code, and a layout that only fits English overflows at 360 px.
 */
async function unmarkedText(page: Page, data: string[]): Promise<string[]> {
  return page.evaluate(
    ({ marks, accented, data }) => {
      const pseudo = (text: string) =>
        [...text].some((ch) => marks.includes(ch) || accented.includes(ch));
      const exempt = (text: string) =>
        !/\p{L}/u.test(text) || data.some((value) => text === value || text.includes(value));
      const found: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent?.trim() ?? "";
        const parent = node.parentElement;
        // Not the app's words: data, dates Intl formats, the brand, and each language's own name.
        if (
          !text ||
          !parent ||
          parent.closest("script, style, time, [translate=no], [lang]:not(html)")
        )
          continue;
        if (!pseudo(text) && !exempt(text)) found.push(text);
      }
      for (const element of document.querySelectorAll("[aria-label], [alt], [title]")) {
        if (element.closest("[translate=no], [lang]:not(html)") || element.tagName === "TIME")
          continue;
        for (const name of ["aria-label", "alt", "title"]) {
          const value = element.getAttribute(name);
          if (value && !pseudo(value) && !exempt(value)) found.push(`${name}="${value}"`);
        }
      }
      const title = document.title.replace(/ · Latchkey$/, "");
      if (title !== "Latchkey" && !pseudo(title)) found.push(`<title>${title}`);
      return found;
    },
    { marks: [PSEUDO_OPEN, PSEUDO_CLOSE], accented: [...PSEUDO_CHARS], data },
  );
}

test("login, dashboard and settings show no hard-coded text and fit 360 px in the pseudo-locale", async ({
  browser,
  page: setupPage,
  baseURL,
}) => {
  const user = await signUp(setupPage);
  const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
  await context.addCookies([{ name: "locale", value: "en-XA", url: baseURL ?? "" }]);
  const page = await context.newPage();
  const data = [user.name, user.email];

  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "en-XA");
  expect(await unmarkedText(page, data), "/login").toEqual([]);
  await expectNoHorizontalOverflow(page, "/login");

  // Fields by name: their labels are pseudo-text here.
  await page.locator("input[name=email]").fill(user.email);
  await page.locator("input[name=password]").fill(user.password);
  await page.locator("form button[type=submit]").first().click();
  await expect(page).toHaveURL("/dashboard");
  expect(await unmarkedText(page, data), "/dashboard").toEqual([]);
  await expectNoHorizontalOverflow(page, "/dashboard");

  await page.goto("/settings");
  await expect(page.locator("h1")).toContainText(PSEUDO_OPEN);
  expect(await unmarkedText(page, data), "/settings").toEqual([]);
  await expectNoHorizontalOverflow(page, "/settings");

  // A server-side validation message, too.
  await page.locator("#password-heading").scrollIntoViewIfNeeded();
  await page.locator("section[aria-labelledby=password-heading] button[type=submit]").click();
  await expect(
    page.locator("section[aria-labelledby=password-heading] [id$=-error]").first(),
  ).toContainText(PSEUDO_OPEN);
  expect(await unmarkedText(page, data), "/settings with errors").toEqual([]);
  await expectNoHorizontalOverflow(page, "/settings with errors");
  await context.close();
});
