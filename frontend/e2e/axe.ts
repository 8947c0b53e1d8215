import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const COLOR_SCHEMES = ["light", "dark"] as const;
export type ColorScheme = (typeof COLOR_SCHEMES)[number];

/** Runs axe on the page as it is now, every rule and every impact, and fails listing what it found. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  // Next.js streams a page's metadata (its <title>) after the body has started: axe checks the finished document,
  // as the user sees it, not one caught before the title arrived (seen once on a fresh clone: "no <title>").
  await expect(page, `${label}: the page has a title`).toHaveTitle(/\S/);
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
    // Waits for the state, not for each animation's promise: an animation React cancels (an element rendered
    // again by a router refresh, such as the one after the passkey autofill request sets its cookie) rejects
    // `finished`, and its replacement is a new animation.
    await page.waitForFunction(() =>
      document.getAnimations().every((animation) => animation.playState !== "running"),
    );
    await expectNoAxeViolations(page, `${label} (${colorScheme})`);
  }
  await page.emulateMedia({ colorScheme: null });
}
