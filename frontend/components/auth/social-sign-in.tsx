import { useTranslations } from "next-intl";
import { buttonClassName } from "@/components/ui/button-styles";
import { socialStartPath } from "@/lib/routes";
import type { ProviderChoice } from "@/lib/social-providers";

/**
 * "Continue with …" for each configured provider: plain form posts to the start handler, so they work before the
 * page's JavaScript has loaded, or without it. Nothing at all when no provider is configured.
 */
export function SocialSignIn({
  providers,
  next,
  divider = true,
}: {
  providers: readonly ProviderChoice[];
  next: string | null;
  /** An "or" line above the buttons, where nothing else separates them from the form. */
  divider?: boolean;
}) {
  const t = useTranslations("social");
  const tc = useTranslations("common");
  if (providers.length === 0) return null;
  return (
    <div className="space-y-3">
      {divider ? (
        <div className="flex items-center gap-3 text-xs text-zinc-500" aria-hidden="true">
          <span className="h-px flex-1 bg-zinc-200" />
          {tc("or")}
          <span className="h-px flex-1 bg-zinc-200" />
        </div>
      ) : null}
      <ul aria-label={t("otherWays")} className="space-y-3">
        {providers.map((provider) => (
          <li key={provider.id}>
            <form method="post" action={socialStartPath(provider.id)}>
              <input type="hidden" name="intent" value="login" />
              {next ? <input type="hidden" name="next" value={next} /> : null}
              <button type="submit" className={buttonClassName("outline")}>
                {t("continueWith", { provider: provider.label })}
              </button>
            </form>
          </li>
        ))}
      </ul>
    </div>
  );
}
