import { DEFAULT_LOCALE, isAppLocale, LOCALE_COOKIE, LOCALES, PSEUDO_LOCALE } from "./config";

export type LocaleInput = {
  cookie: string | null | undefined;
  acceptLanguage: string | null | undefined;
  pseudoEnabled?: boolean;
};

/** The `locale` cookie's value from a Cookie header. */
export function localeCookieFrom(cookieHeader: string | null | undefined): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === LOCALE_COOKIE) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** The best of our languages for an Accept-Language header (by q, then order; `de-CH` matches `de`), or null. */
export function negotiateLocale(header: string | null | undefined): string | null {
  const ranges = (header ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return {
        tag: tag.trim().toLowerCase(),
        quality: Number.isFinite(quality) ? quality : 0,
        index,
      };
    })
    .filter((range) => range.tag && range.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranges) {
    const primary = tag.split("-")[0];
    const match = LOCALES.find((locale) => locale === tag || locale === primary);
    if (match) return match;
  }
  return null;
}

/** The language of a request: the chosen one (cookie), else the browser's (Accept-Language), else English. */
export function resolveLocale({
  cookie,
  acceptLanguage,
  pseudoEnabled = false,
}: LocaleInput): string {
  if (cookie && (isAppLocale(cookie) || (pseudoEnabled && cookie === PSEUDO_LOCALE))) return cookie;
  return negotiateLocale(acceptLanguage) ?? DEFAULT_LOCALE;
}

/** What Django is told: the pseudo-locale is English to it. */
export function apiLanguage(locale: string): string {
  return isAppLocale(locale) ? locale : DEFAULT_LOCALE;
}

export function pseudoLocaleEnabled(): boolean {
  return process.env.I18N_PSEUDO_LOCALE === "true";
}

export function localeFromHeaders(headers: Headers): string {
  return resolveLocale({
    cookie: localeCookieFrom(headers.get("cookie")),
    acceptLanguage: headers.get("accept-language"),
    pseudoEnabled: pseudoLocaleEnabled(),
  });
}
