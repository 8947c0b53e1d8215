import type { Metadata } from "next";
import Link from "next/link";
import { HeaderLink, SiteHeader } from "@/components/layout/site-header";
import { DASHBOARD_PATH, LOGIN_PATH } from "@/lib/routes";
import { holdsSession } from "@/lib/session";

export const metadata: Metadata = { title: "Page not found" };

export default async function NotFound() {
  const signedIn = await holdsSession();
  return (
    <div className="flex min-h-dvh flex-col">
      <SiteHeader>
        {signedIn ? (
          <HeaderLink href={DASHBOARD_PATH}>Go to dashboard</HeaderLink>
        ) : (
          <HeaderLink href={LOGIN_PATH}>Log in</HeaderLink>
        )}
      </SiteHeader>
      <main className="mx-auto flex w-full max-w-5xl flex-1 flex-col items-center px-4 py-16 text-center sm:px-6">
        <p className="text-sm font-semibold text-zinc-600">404</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight text-zinc-900">Page not found</h1>
        <p className="mt-3 max-w-md text-zinc-600">
          There is no page at this address. It may have moved, or the link may be mistyped.
        </p>
        <Link
          href="/"
          className="mt-8 rounded-lg bg-zinc-900 px-4 py-2.5 text-sm font-semibold text-white shadow-xs hover:bg-zinc-800"
        >
          Go to the home page
        </Link>
      </main>
    </div>
  );
}
