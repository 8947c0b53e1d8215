import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { AuthCard } from "@/components/ui/auth-card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("forgotPassword"))("metaTitle") };
}

export default async function ForgotPasswordPage() {
  const t = await getTranslations("forgotPassword");
  return (
    <AuthCard
      title={t("title")}
      description={t("description")}
      footer={t.rich("remembered", {
        link: (chunks) => (
          <Link
            href="/login"
            className="font-semibold text-zinc-900 underline-offset-4 hover:underline"
          >
            {chunks}
          </Link>
        ),
      })}
    >
      <ForgotPasswordForm />
    </AuthCard>
  );
}
