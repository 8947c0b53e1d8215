import { getLocale, getTranslations } from "next-intl/server";
import { setLocale } from "@/app/actions";
import { LOCALE_NAMES, LOCALES } from "@/i18n/config";

/**
 * Works without JavaScript: each language is a submit button of one small form (a server action). Each name is
 * written in its own language (`lang`), and the current one is marked with aria-current. In the footer it is a
 * navigation landmark; inside a page section (`labelledBy`, the section's heading) a group, so the page does not
 * get two landmarks of the same name.
 */
export async function LanguageSwitcher({ labelledBy }: { labelledBy?: string }) {
  const t = await getTranslations("language");
  const current = await getLocale();
  const buttons = LOCALES.map((locale) => (
    <button
      key={locale}
      type="submit"
      name="locale"
      value={locale}
      lang={locale}
      aria-current={locale === current ? "true" : undefined}
      className={`px-2 py-1 text-sm ${locale === current ? "font-semibold text-zinc-900 underline underline-offset-4" : "text-zinc-600 hover:text-zinc-900 hover:underline hover:underline-offset-4"}`}
    >
      {LOCALE_NAMES[locale]}
    </button>
  ));
  const row = "-mx-2 flex flex-wrap items-center gap-1";
  return labelledBy ? (
    <form action={setLocale}>
      <fieldset aria-labelledby={labelledBy} className={row}>
        {buttons}
      </fieldset>
    </form>
  ) : (
    <nav aria-label={t("label")}>
      <form action={setLocale} className={row}>
        {buttons}
      </form>
    </nav>
  );
}
