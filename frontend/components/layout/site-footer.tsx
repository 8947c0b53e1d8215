import { LanguageSwitcher } from "@/components/i18n/language-switcher";
import { APP_NAME } from "@/lib/site";

/** Every page's footer: the language switcher, and on the wide pages the brand. `compact` fits the auth card. */
export function SiteFooter({ compact = false }: { compact?: boolean }) {
  return compact ? (
    <footer className="mt-auto flex w-full max-w-sm justify-center pt-10 text-sm text-zinc-600">
      <LanguageSwitcher />
    </footer>
  ) : (
    <footer className="mx-auto flex w-full max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-6 text-sm text-zinc-600 sm:px-6">
      <p translate="no">© {APP_NAME}</p>
      <LanguageSwitcher />
    </footer>
  );
}
