/** The languages the app is written in; English is the source and the fallback. Add one: see README › Languages. */
export const LOCALES = ["en", "de", "ar"] as const;
export type AppLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: AppLocale = "en";

/**
 * A test-only language made from en.json at run time (every string bracketed, accented and lengthened), so a page
 * shows any text that does not come from the catalogues. Accepted only when I18N_PSEUDO_LOCALE=true.
 */
export const PSEUDO_LOCALE = "en-XA";

export const LOCALE_COOKIE = "locale";
export const LOCALE_COOKIE_MAX_AGE = 365 * 24 * 3600;

/** Each language's own name: shown the same in every language, so a reader finds theirs. */
export const LOCALE_NAMES: Record<AppLocale, string> = {
  en: "English",
  de: "Deutsch",
  ar: "العربية",
};

const RTL = new Set<string>(["ar"]);

export function localeDirection(locale: string): "ltr" | "rtl" {
  return RTL.has(locale) ? "rtl" : "ltr";
}

export function isAppLocale(value: unknown): value is AppLocale {
  return (LOCALES as readonly unknown[]).includes(value);
}

/**
 * The namespaces client components read (the rest is used on the server only): the browser gets these, in the
 * current language only.
 */
export const CLIENT_NAMESPACES = [
  "common",
  "nav",
  "errorPage",
  "forms",
  "login",
  "signup",
  "forgotPassword",
  "resetPassword",
  "emailLink",
  "dashboard",
  "settings",
  "sessions",
  "security",
  "totp",
  "recoveryCodes",
  "passkey",
  "connected",
  "stepUp",
  "secondFactor",
] as const;
