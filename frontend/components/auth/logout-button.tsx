import { useTranslations } from "next-intl";
import { buttonClassName } from "@/components/ui/button-styles";
import { LOGOUT_PATH } from "@/lib/routes";

/**
 * A plain form post, not a server action: the browser leaves this document for a new one, so nothing of the
 * signed-in page (name, email, devices) stays in memory, and the answer's Clear-Site-Data empties the cache.
 */
export function LogoutButton() {
  const t = useTranslations("common");
  return (
    <form method="post" action={LOGOUT_PATH}>
      <button type="submit" className={buttonClassName("secondary")}>
        {t("logOut")}
      </button>
    </form>
  );
}
