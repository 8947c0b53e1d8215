import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { SignupForm } from "@/components/auth/signup-form";
import { SocialSignIn } from "@/components/auth/social-sign-in";
import { AuthCard } from "@/components/ui/auth-card";
import { getSocialProviders } from "@/lib/api/social";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("signup"))("metaTitle") };
}

export default async function SignupPage() {
  const providers = await getSocialProviders();
  const t = await getTranslations("signup");
  return (
    <AuthCard
      title={t("title")}
      description={t("description")}
      footer={t.rich("haveAccount", {
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
      <div className="space-y-6">
        <SignupForm />
        <SocialSignIn providers={providers} next={null} />
      </div>
    </AuthCard>
  );
}
