import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { EmailLinkForm } from "@/components/auth/email-link-form";
import { AuthCard } from "@/components/ui/auth-card";
import { FormAlert } from "@/components/ui/form-alert";
import { addressInEmailLink } from "@/lib/email-link";
import { SETTINGS_PATH } from "@/lib/routes";
import { singleParam } from "@/lib/search-params";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("emailLink"))("confirmTitle") };
}

type ConfirmEmailChangePageProps = { searchParams: Promise<{ key?: string | string[] }> };

export default async function ConfirmEmailChangePage({
  searchParams,
}: ConfirmEmailChangePageProps) {
  const key = singleParam((await searchParams).key);
  const address = key ? addressInEmailLink(key, "new") : null;
  const t = await getTranslations("emailLink");
  const tc = await getTranslations("common");

  return (
    <AuthCard
      title={t("confirmTitle")}
      description={
        address
          ? t.rich("confirmDescription", {
              address,
              strong: (chunks) => (
                <strong className="font-medium [overflow-wrap:anywhere] text-zinc-900">
                  {chunks}
                </strong>
              ),
            })
          : t("confirmDescriptionNoAddress")
      }
      footer={
        key ? null : (
          <Link
            href={SETTINGS_PATH}
            className="font-semibold text-zinc-900 underline-offset-4 hover:underline"
          >
            {tc("goToYourSettings")}
          </Link>
        )
      }
    >
      {key ? (
        <EmailLinkForm kind="confirm-change" linkKey={key} />
      ) : (
        <FormAlert messages={[t("confirmIncomplete")]} />
      )}
    </AuthCard>
  );
}
