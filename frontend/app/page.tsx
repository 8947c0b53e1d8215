import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { SiteFooter } from "@/components/layout/site-footer";
import { HeaderLink, SiteHeader } from "@/components/layout/site-header";
import { FormSuccess } from "@/components/ui/form-success";
import { DASHBOARD_PATH, LOGIN_PATH, SIGNUP_PATH } from "@/lib/routes";
import { holdsSession } from "@/lib/session";
import { APP_NAME } from "@/lib/site";

const primaryLink =
  "rounded-lg bg-zinc-900 px-4 py-2.5 text-sm font-semibold text-white shadow-xs hover:bg-zinc-800";

type HomePageProps = { searchParams: Promise<{ account?: string | string[] }> };

export default async function HomePage({ searchParams }: HomePageProps) {
  const { account } = await searchParams;
  // From the cookies alone, like proxy.ts: enough to choose the links; the dashboard checks for real.
  const signedIn = await holdsSession();
  const t = await getTranslations("home");
  const tc = await getTranslations("common");
  const tn = await getTranslations("nav");
  const features = [
    { title: t("tokensTitle"), body: t("tokensBody") },
    { title: t("passwordsTitle"), body: t("passwordsBody") },
    { title: t("signedInTitle"), body: t("signedInBody") },
  ];
  return (
    <div className="flex min-h-dvh flex-col">
      <SiteHeader label={tn("account")}>
        {signedIn ? (
          <HeaderLink href={DASHBOARD_PATH}>{tc("goToDashboard")}</HeaderLink>
        ) : (
          <HeaderLink href={LOGIN_PATH}>{tc("logIn")}</HeaderLink>
        )}
      </SiteHeader>

      <main className="mx-auto flex w-full max-w-5xl flex-1 flex-col justify-center px-4 py-16 sm:px-6">
        {account === "deleted" ? (
          <div className="mb-10 max-w-2xl">
            <FormSuccess message={t("accountDeleted")} />
          </div>
        ) : null}
        <div className="max-w-2xl">
          <h1 className="text-4xl font-semibold tracking-tight text-balance text-zinc-900 sm:text-5xl">
            {t("title", { app: APP_NAME })}
          </h1>
          <p className="mt-5 text-lg text-pretty text-zinc-600">{t("lead", { app: APP_NAME })}</p>
          <div className="mt-8 flex flex-wrap gap-3">
            {signedIn ? (
              <Link href={DASHBOARD_PATH} className={primaryLink}>
                {tc("goToDashboard")}
              </Link>
            ) : (
              <>
                <Link href={SIGNUP_PATH} className={primaryLink}>
                  {tc("createAccount")}
                </Link>
                <Link
                  href={LOGIN_PATH}
                  className="rounded-lg border border-zinc-300 bg-white px-4 py-2.5 text-sm font-semibold text-zinc-900 shadow-xs hover:bg-zinc-50"
                >
                  {t("logInToYourAccount")}
                </Link>
              </>
            )}
          </div>
        </div>

        <ul className="mt-16 grid gap-4 sm:grid-cols-3">
          {features.map((feature) => (
            <li key={feature.title} className="rounded-xl border border-zinc-200 bg-white p-5">
              <h2 className="text-sm font-semibold text-zinc-900">{feature.title}</h2>
              <p className="mt-1.5 text-sm text-zinc-600">{feature.body}</p>
            </li>
          ))}
        </ul>
      </main>

      <SiteFooter />
    </div>
  );
}
