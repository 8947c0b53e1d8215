import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { EmailLinkForm } from "@/components/auth/email-link-form";
import { AuthCard } from "@/components/ui/auth-card";
import { FormAlert } from "@/components/ui/form-alert";
import { addressInEmailLink } from "@/lib/email-link";
import { DASHBOARD_PATH } from "@/lib/routes";
import { singleParam } from "@/lib/search-params";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("emailLink"))("verifyTitle") };
}

type VerifyEmailPageProps = { searchParams: Promise<{ key?: string | string[] }> };

export default async function VerifyEmailPage({ searchParams }: VerifyEmailPageProps) {
  const key = singleParam((await searchParams).key);
  const address = key ? addressInEmailLink(key, "email") : null;
  const t = await getTranslations("emailLink");
  const tc = await getTranslations("common");

  // With a key, the form offers the one way on after it ran (dashboard or log in); a footer link would repeat it.
  return (
    <AuthCard
      title={t("verifyTitle")}
      description={
        address
          ? t.rich("verifyDescription", {
              address,
              strong: (chunks) => (
                <strong className="font-medium [overflow-wrap:anywhere] text-zinc-900">
                  {chunks}
                </strong>
              ),
            })
          : t("verifyDescriptionNoAddress")
      }
      footer={
        key ? null : (
          <Link
            href={DASHBOARD_PATH}
            className="font-semibold text-zinc-900 underline-offset-4 hover:underline"
          >
            {tc("goToYourDashboard")}
          </Link>
        )
      }
    >
      {key ? (
        <EmailLinkForm kind="verify" linkKey={key} />
      ) : (
        <FormAlert messages={[t("verifyIncomplete")]} />
      )}
    </AuthCard>
  );
}
