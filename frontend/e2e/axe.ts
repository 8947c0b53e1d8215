import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const COLOR_SCHEMES = ["light", "dark"] as const;
export type ColorScheme = (typeof COLOR_SCHEMES)[number];

/** Runs axe on the page as it is now, every rule and every impact, and fails listing what it found. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const found = violations.map(
    (violation) =>
      `${violation.impact} ${violation.id}: ${violation.help}\n${violation.nodes
        .map(
          (node) =>
            `    ${node.target.join(" ")}  ${node.failureSummary?.split("\n").join(" ") ?? ""}`,
        )
        .join("\n")}`,
  );
  expect(found, `axe on ${label}`).toEqual([]);
}

/** The same page state in light and in dark: emulates each scheme and runs axe on it. */
export async function expectAccessibleInBothSchemes(page: Page, label: string): Promise<void> {
  for (const colorScheme of COLOR_SCHEMES) {
    await page.emulateMedia({ colorScheme });
    // Colours change through CSS transitions on some controls: measure them once they have settled.
    // A cancelled animation (replaced by another, or its element re-rendered) rejects `finished`: it has settled too.
    await page.evaluate(() => Promise.allSettled(document.getAnimations().map((a) => a.finished)));
    await expectNoAxeViolations(page, `${label} (${colorScheme})`);
  }
  await page.emulateMedia({ colorScheme: null });
}
