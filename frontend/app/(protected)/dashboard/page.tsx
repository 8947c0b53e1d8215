import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { VerificationBanner } from "@/components/settings/verification-banner";
import { requireUser } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dashboard"))("title") };
}

export default async function DashboardPage() {
  // Layouts and pages render independently, so the page checks again (a per-request cache makes it free).
  const user = await requireUser();
  const t = await getTranslations("dashboard");
  const tf = await getTranslations("forms");
  const format = await getFormatter();

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight wrap-anywhere text-zinc-900 sm:text-3xl">
          {t("welcome", { name: user.name })}
        </h1>
        <p className="mt-1 text-zinc-600">{t("lead")}</p>
      </div>

      {user.email_verified ? null : <VerificationBanner />}

      <section
        aria-labelledby="account-heading"
        className="rounded-2xl border border-zinc-200 bg-white shadow-sm"
      >
        <h2
          id="account-heading"
          className="border-b border-zinc-200 px-5 py-4 text-sm font-semibold"
        >
          {t("account")}
        </h2>
        <dl className="divide-y divide-zinc-200 text-sm">
          <div className="grid gap-1 px-5 py-4 sm:grid-cols-3">
            <dt className="text-zinc-600">{tf("name")}</dt>
            <dd className="min-w-0 font-medium wrap-anywhere text-zinc-900 sm:col-span-2">
              {user.name}
            </dd>
          </div>
          <div className="grid gap-1 px-5 py-4 sm:grid-cols-3">
            <dt className="text-zinc-600">{tf("email")}</dt>
            <dd className="min-w-0 font-medium wrap-anywhere text-zinc-900 sm:col-span-2">
              {user.email}
            </dd>
          </div>
          <div className="grid gap-1 px-5 py-4 sm:grid-cols-3">
            <dt className="text-zinc-600">{t("memberSince")}</dt>
            <dd className="font-medium text-zinc-900 sm:col-span-2">
              <time dateTime={user.date_joined}>
                {format.dateTime(new Date(user.date_joined), { dateStyle: "long" })}
              </time>
            </dd>
          </div>
        </dl>
      </section>
    </div>
  );
}
