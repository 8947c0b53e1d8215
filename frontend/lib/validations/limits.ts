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
// (accounts.validators.PasswordLengthValidator) all say the same number the same way.
export const PASSWORD_TOO_SHORT_MESSAGE = `Password must be at least ${PASSWORD_MIN_LENGTH} characters.`;
export const PASSWORD_TOO_LONG_MESSAGE = `Password must be at most ${PASSWORD_MAX_LENGTH} characters.`;
export const NEW_PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong, memorable password.`;

/** Length as Python's len() counts it: code points, so an emoji is one character, not two UTF-16 units. */
export function codePointLength(value: string): number {
  return [...value].length;
}
