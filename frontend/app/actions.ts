"use server";

import { revalidatePath } from "next/cache";
import { isAppLocale, PSEUDO_LOCALE } from "@/i18n/config";
import { rememberLocale } from "@/i18n/cookie";
import { pseudoLocaleEnabled } from "@/i18n/locale";
import { apiUpdateLanguage } from "@/lib/api/client";
import { forgetCurrentUser, getAccessToken, getClientContext } from "@/lib/session";

/** The language switcher: remembered in this browser, and saved on the account so emails follow it. */
export async function setLocale(formData: FormData): Promise<void> {
  const locale = formData.get("locale");
  const pseudo = locale === PSEUDO_LOCALE && pseudoLocaleEnabled();
  if (typeof locale !== "string" || !(isAppLocale(locale) || pseudo)) return;
  await rememberLocale(locale);
  // Every layout renders again: <html lang dir>, the navigation and the footer are in the new language too.
  revalidatePath("/", "layout");
  const access = await getAccessToken();
  if (access && isAppLocale(locale)) {
    // An expired access token or an older backend (400: no such field) leave the account's language as it was;
    // this browser still switches.
    await apiUpdateLanguage(locale, access, { ...(await getClientContext()), language: locale });
    await forgetCurrentUser();
  }
}
