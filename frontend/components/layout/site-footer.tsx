import { LanguageSwitcher } from "@/components/i18n/language-switcher";
import { APP_NAME } from "@/lib/site";

export function SiteFooter({ className = "" }: { className?: string }) {
  return (
    <footer
      className={`mx-auto flex w-full max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-6 text-sm text-zinc-600 sm:px-6 ${className}`}
    >
      <p translate="no">© {APP_NAME}</p>
      <LanguageSwitcher />
    </footer>
  );
}
