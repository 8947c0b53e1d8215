import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE } from "./config";
import { pseudoLocaleEnabled, resolveLocale } from "./locale";
import { loadMessages } from "./messages";

// Without i18n routing: the URL carries no language; the cookie or the browser's Accept-Language decides.
export default getRequestConfig(async () => {
  const locale = resolveLocale({
    // cookies(), not the Cookie header: after the switcher's server action set the cookie, the page it renders
    // in the same response is already in the new language.
    cookie: (await cookies()).get(LOCALE_COOKIE)?.value,
    acceptLanguage: (await headers()).get("accept-language"),
    pseudoEnabled: pseudoLocaleEnabled(),
  });
  return {
    locale,
    messages: await loadMessages(locale),
    // Times are shown in UTC with the zone named, so every reader sees the same unambiguous value.
    timeZone: "UTC",
  };
});
