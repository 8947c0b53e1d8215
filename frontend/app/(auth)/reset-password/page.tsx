import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { AuthCard } from "@/components/ui/auth-card";
import { FormAlert } from "@/components/ui/form-alert";
import { FORGOT_PASSWORD_PATH, LOGIN_PATH } from "@/lib/routes";
import { singleParam } from "@/lib/search-params";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("resetPassword"))("title") };
}

type ResetPasswordPageProps = {
  searchParams: Promise<{ uid?: string | string[]; token?: string | string[] }>;
};

export default async function ResetPasswordPage({ searchParams }: ResetPasswordPageProps) {
  const params = await searchParams;
  const uid = singleParam(params.uid);
  const token = singleParam(params.token);
  const t = await getTranslations("resetPassword");
  const tc = await getTranslations("common");

  return (
    <AuthCard
      title={t("title")}
      description={t("description")}
      footer={
        uid && token ? null : (
          <Link
            href={LOGIN_PATH}
            className="font-semibold text-zinc-900 underline-offset-4 hover:underline"
          >
            {tc("backToLogIn")}
          </Link>
        )
      }
    >
      {uid && token ? (
        <ResetPasswordForm uid={uid} token={token} />
      ) : (
        <div className="space-y-5">
          <FormAlert messages={[t("incomplete")]} />
          <Link
            href={FORGOT_PASSWORD_PATH}
            className="text-sm font-semibold text-zinc-900 underline underline-offset-4"
          >
            {t("requestNew")}
          </Link>
        </div>
      )}
    </AuthCard>
  );
}
