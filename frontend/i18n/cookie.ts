import "server-only";
import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { isAppLocale, LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, PSEUDO_LOCALE } from "./config";

/** Remembers the language in this browser for a year (the switcher, and the account's own at sign-in). */
export async function rememberLocale(locale: string): Promise<void> {
  (await cookies()).set(LOCALE_COOKIE, locale, {
    maxAge: LOCALE_COOKIE_MAX_AGE,
    sameSite: "lax",
    secure: env.cookieSecure,
    path: "/",
  });
}

/**
 * At sign-in, the language saved on the account (`user.language`, chosen on another device) becomes this browser's.
 * An account without one, or a backend that does not send it, leaves the browser's choice as it is.
 */
export async function adoptAccountLanguage(user: unknown): Promise<void> {
  const language = (user as { language?: unknown } | null | undefined)?.language;
  if (!isAppLocale(language)) return;
  // The pseudo-locale is a developer's view of the catalogues (e2e): no account language replaces it.
  if ((await cookies()).get(LOCALE_COOKIE)?.value === PSEUDO_LOCALE) return;
  await rememberLocale(language);
}
