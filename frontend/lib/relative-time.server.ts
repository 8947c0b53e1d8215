import "server-only";
import { getLocale, getTranslations } from "next-intl/server";
import { timeFormats } from "./relative-time";

/** timeFormats in the page's language. */
export async function getTimeFormats() {
  const t = await getTranslations("time");
  return timeFormats(await getLocale(), {
    justNow: t("justNow"),
    unknown: t("unknown"),
    utc: (time) => t("utc", { time }),
  });
}
