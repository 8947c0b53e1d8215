import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { SiteFooter } from "@/components/layout/site-footer";
import { HeaderLink, SiteHeader } from "@/components/layout/site-header";
import { DASHBOARD_PATH, LOGIN_PATH } from "@/lib/routes";
import { holdsSession } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notFound"))("title") };
}

export default async function NotFound() {
  const signedIn = await holdsSession();
  const t = await getTranslations("notFound");
  const tc = await getTranslations("common");
  const tn = await getTranslations("nav");
  return (
    <div className="flex min-h-dvh flex-col">
      <SiteHeader label={tn("account")}>
        {signedIn ? (
          <HeaderLink href={DASHBOARD_PATH}>{tc("goToDashboard")}</HeaderLink>
        ) : (
          <HeaderLink href={LOGIN_PATH}>{tc("logIn")}</HeaderLink>
        )}
      </SiteHeader>
      <main className="mx-auto flex w-full max-w-5xl flex-1 flex-col items-center px-4 py-16 text-center sm:px-6">
        <p className="text-sm font-semibold text-zinc-600">404</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight text-zinc-900">{t("title")}</h1>
        <p className="mt-3 max-w-md text-zinc-600">{t("body")}</p>
        <Link
          href="/"
          className="mt-8 rounded-lg bg-zinc-900 px-4 py-2.5 text-sm font-semibold text-white shadow-xs hover:bg-zinc-800"
        >
          {tc("goHome")}
        </Link>
      </main>
      <SiteFooter />
    </div>
  );
}
