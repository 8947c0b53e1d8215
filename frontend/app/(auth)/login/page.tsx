import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LoginForm } from "@/components/auth/login-form";
import { SocialSignIn } from "@/components/auth/social-sign-in";
import { AuthCard } from "@/components/ui/auth-card";
import { getSocialProviders } from "@/lib/api/social";
import { sanitizeNextPath } from "@/lib/next-path";
import { SECOND_STEP_QUERY, SIGNED_OUT_REASON } from "@/lib/routes";
import { singleParam } from "@/lib/search-params";
import { socialErrorMessage } from "@/lib/social-errors";
import { parseMfaMethods } from "@/lib/social-flow";
import { providerLabel } from "@/lib/social-providers";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("login"))("title") };
}

type Param = string | string[];

type LoginPageProps = {
  searchParams: Promise<{
    next?: Param;
    verify?: Param;
    error?: Param;
    provider?: Param;
    step?: Param;
    methods?: Param;
    reason?: Param;
  }>;
};

export default async function LoginPage({ searchParams }: LoginPageProps) {
  const { next, verify, error, provider, step, methods, reason } = await searchParams;
  const requested = typeof next === "string" ? sanitizeNextPath(next, "") : "";
  const providers = await getSocialProviders();
  const t = await getTranslations("login");
  // The query only selects one of the fixed messages; its text never reaches the page.
  const socialError = singleParam(error)
    ? await socialErrorMessage(
        await getTranslations("social"),
        singleParam(error),
        providerLabel(providers, singleParam(provider)),
      )
    : null;
  // After a social sign-in that wants a second factor. The mfa-pending cookie is SameSite=Strict and this
  // navigation began at the provider, so it is not readable here; the second step's first answer says if it expired.
  const secondStep =
    singleParam(step) === SECOND_STEP_QUERY ? parseMfaMethods(singleParam(methods)) : null;

  return (
    <AuthCard
      title={t("title")}
      description={t("description")}
      footer={t.rich("newHere", {
        link: (chunks) => (
          <Link
            href="/signup"
            className="font-semibold text-zinc-900 underline-offset-4 hover:underline"
          >
            {chunks}
          </Link>
        ),
      })}
    >
      {singleParam(reason) === SIGNED_OUT_REASON ? (
        <p
          role="status"
          className="mb-4 rounded-md border border-zinc-200 bg-zinc-100 px-3 py-2 text-sm text-zinc-900"
        >
          {t("signedOut")}
        </p>
      ) : null}
      {verify === "sent" ? (
        <p
          role="status"
          className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
        >
          {t("verifySent")}
        </p>
      ) : null}
      <LoginForm
        next={requested || null}
        notice={socialError}
        secondStep={secondStep}
        alternatives={
          <SocialSignIn providers={providers} next={requested || null} divider={false} />
        }
      />
      <p className="mt-4 text-center text-sm">
        <Link
          href="/forgot-password"
          className="font-medium text-zinc-700 underline-offset-4 hover:text-zinc-900 hover:underline"
        >
          {t("forgotPassword")}
        </Link>
      </p>
    </AuthCard>
  );
}
