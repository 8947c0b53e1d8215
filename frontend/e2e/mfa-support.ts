import { expect, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";

const PERIOD = 30;

function stepAt(timestamp: number): number {
  return Math.floor(timestamp / 1000 / PERIOD);
}

/**
 * An authenticator app for the tests. The backend accepts each 30-second step's code once, so a second code waits,
 * by polling the clock, for the next step rather than sleeping a fixed time.
 */
export class Authenticator {
  private readonly totp: TOTP;
  private lastStep = -1;

  constructor(secret: string) {
    this.totp = new TOTP({
      secret: Secret.fromBase32(secret.replace(/\s+/g, "")),
      digits: 6,
      period: PERIOD,
      algorithm: "SHA1",
    });
  }

  async code(): Promise<string> {
    await expect
      .poll(() => stepAt(Date.now()) > this.lastStep, {
        timeout: (PERIOD + 5) * 1000,
        intervals: [250],
      })
      .toBe(true);
    const now = Date.now();
    this.lastStep = stepAt(now);
    return this.totp.generate({ timestamp: now });
  }
}

/** A platform authenticator with user verification, through the DevTools protocol (Chromium only). */
export async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  return {
    /** Off: the authenticator waits instead of answering, as a person who has not touched it yet. */
    answerPrompts: (enabled: boolean) =>
      cdp.send("WebAuthn.setAutomaticPresenceSimulation", { authenticatorId, enabled }),
    credentials: async () =>
      (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials,
  };
}

/**
 * Turns the authenticator app on from /settings/security; returns the app and the recovery codes shown once.
 * `beforeTurningOn` runs with the code entered, just before the click.
 */
export async function turnOnTotp(
  page: Page,
  { beforeTurningOn }: { beforeTurningOn?: () => Promise<void> } = {},
): Promise<{ app: Authenticator; codes: string[] }> {
  await page.goto("/settings/security");
  const section = page.getByRole("region", { name: "Authenticator app" });
  await section.getByRole("button", { name: "Set up authenticator app" }).click();
  const qr = section.getByRole("img", { name: /QR code/ });
  await expect(qr).toBeVisible();
  // The SVG really renders (an SVG without its namespace loads as a zero-width image).
  await expect
    .poll(() => qr.evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBeGreaterThan(0);
  const key = section.getByLabel("Setup key");
  // The whole key is in view, not cut off at the field's edge.
  expect(await key.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  const app = new Authenticator(await key.inputValue());
  await section.getByLabel("Authentication code").fill(await app.code());
  await beforeTurningOn?.();
  await section.getByRole("button", { name: "Turn on" }).click();
  await expect(section.getByText("On.")).toBeVisible();
  const codes = await recoveryCodesShown(page);
  return { app, codes };
}

export async function recoveryCodesShown(page: Page): Promise<string[]> {
  const list = page.getByRole("list", { name: "Recovery codes" });
  await expect(list.getByRole("listitem")).toHaveCount(10);
  return (await list.getByRole("listitem").allTextContents()).map((code) => code.trim());
}

export async function submitPassword(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}
