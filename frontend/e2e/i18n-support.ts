import { type Browser, expect, type Page } from "@playwright/test";

/** A browser context whose Accept-Language (and navigator.language) is `locale`, at `width` px if given. */
export async function pageIn(browser: Browser, locale: string, width?: number): Promise<Page> {
  const context = await browser.newContext({
    locale,
    ...(width ? { viewport: { width, height: 800 } } : {}),
  });
  return context.newPage();
}

export async function expectNoHorizontalOverflow(page: Page, label: string): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `horizontal overflow on ${label}`).toBeLessThanOrEqual(0);
}
