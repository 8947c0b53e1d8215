/** Rules of two-factor sign-in and step-up that both the server actions and the page components use. */

export type MfaMethod = "totp" | "recovery_code" | "passkey";
/** Ways to prove who you are again: the password, or any second factor. */
export type ReauthMethod = "password" | MfaMethod;

/** The factors an account has, as GET /api/auth/mfa/ reports them. */
export type Factors = {
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
};

export const MFA_TOKEN_INVALID_CODE = "mfa_token_invalid";

export function hasSecondFactor(factors: Factors): boolean {
  return factors.totp || factors.passkeys > 0;
}

/**
 * What the step-up dialog offers. Removing a factor from an account with two-factor on needs a second factor: the
 * password alone is what an attacker who phished it would have. Recovery codes count only while some are left.
 */
export function reauthMethodsFor(
  factors: Factors,
  { secondFactorOnly }: { secondFactorOnly: boolean },
): ReauthMethod[] {
  const methods: ReauthMethod[] = [];
  const strict = secondFactorOnly && hasSecondFactor(factors);
  if (!strict) methods.push("password");
  if (factors.totp) methods.push("totp");
  if (factors.passkeys > 0) methods.push("passkey");
  if (hasSecondFactor(factors) && factors.recoveryCodesLeft > 0) methods.push("recovery_code");
  return methods;
}

/** Authenticator apps show "123 456"; people paste "123-456". Only the digits count. */
export function normalizeTotpCode(value: string): string {
  return value.replace(/[\s-]/g, "");
}

/** Recovery codes are case-insensitive `abcd-efgh-jkmn`; spaces around them come from copy and paste. */
export function normalizeRecoveryCode(value: string): string {
  return value.trim().toLowerCase().replace(/\s+/g, "");
}

/** The setup key in groups of four, easier to type into an app by hand. */
export function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? "";
}

/** The text of the downloadable recovery-codes file: a heading and a note (translated by the caller), then the codes. */
export function recoveryCodesText(
  codes: readonly string[],
  { heading, note }: { heading: string; note: string },
): string {
  return [heading, note, "", ...codes, ""].join("\n");
}

/** An inline SVG from the API as an image URL: drawn by <img>, it can run no script and needs no CSP exception. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
