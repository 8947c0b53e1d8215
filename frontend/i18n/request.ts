import { headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { localeFromHeaders } from "./locale";
import { loadMessages } from "./messages";

// Without i18n routing: the URL carries no language; the cookie or the browser's Accept-Language decides.
export default getRequestConfig(async () => {
  const locale = localeFromHeaders(await headers());
  return {
    locale,
    messages: await loadMessages(locale),
    // Times are shown in UTC with the zone named, so every reader sees the same unambiguous value.
    timeZone: "UTC",
  };
});
