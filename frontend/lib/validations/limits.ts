// Mirrors the backend limits (backend/accounts/tests/test_frontend_limits.py fails when the two disagree). Kept free
// of zod so client components can import them without shipping zod, whose feature probe (`new Function("")`) would
// trip the CSP's script-src in the browser.
export const EMAIL_MAX_LENGTH = 254;
/** Django's password length rule (accounts.validators.PASSWORD_MIN_LENGTH); counted in code points, as Python does. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 1024;
export const NAME_MAX_LENGTH = 150;
export const PASSKEY_NAME_MAX_LENGTH = 60;

// The one wording of the length rule: the hint under a new password, the form's own check and the API's error
// (accounts.validators.PasswordLengthValidator) all say the same number the same way. Schemas carry message keys
// (messages/*.json › validation); lib/form-data.ts translates them with these numbers.
export const PASSWORD_TOO_SHORT_MESSAGE = "validation.passwordTooShort";
export const PASSWORD_TOO_LONG_MESSAGE = "validation.passwordTooLong";

/** The numbers validation messages mention, by placeholder name. */
export const LIMIT_VALUES = {
  emailMax: EMAIL_MAX_LENGTH,
  nameMax: NAME_MAX_LENGTH,
  passwordMin: PASSWORD_MIN_LENGTH,
  passwordMax: PASSWORD_MAX_LENGTH,
  passkeyNameMax: PASSKEY_NAME_MAX_LENGTH,
} as const;

/** Length as Python's len() counts it: code points, so an emoji is one character, not two UTF-16 units. */
export function codePointLength(value: string): number {
  return [...value].length;
}
