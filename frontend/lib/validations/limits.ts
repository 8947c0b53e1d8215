// Mirrors the backend limits. Kept free of zod so client components can import them without shipping zod, whose
// feature probe (`new Function("")`) would trip the CSP's script-src in the browser.
export const EMAIL_MAX_LENGTH = 254;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 1024;
export const NAME_MAX_LENGTH = 150;
export const PASSKEY_NAME_MAX_LENGTH = 60;
