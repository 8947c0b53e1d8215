import Link from "next/link";
import { HeaderLink, SiteHeader } from "@/components/layout/site-header";
import { FormSuccess } from "@/components/ui/form-success";
import { DASHBOARD_PATH, LOGIN_PATH, SIGNUP_PATH } from "@/lib/routes";
import { holdsSession } from "@/lib/session";
import { APP_NAME } from "@/lib/site";

const features = [
  {
    title: "Your tokens stay on the server",
    body: "Sessions live in httpOnly cookies that page scripts cannot read.",
  },
  {
    title: "Passwords done right",
    body: "Long passphrases are welcome, with no arbitrary composition rules.",
  },
  {
    title: "Quietly kept signed in",
    body: "Short-lived access tokens renew in the background, across every open tab.",
  },
];

const primaryLink =
  "rounded-lg bg-zinc-900 px-4 py-2.5 text-sm font-semibold text-white shadow-xs hover:bg-zinc-800";

type HomePageProps = { searchParams: Promise<{ account?: string | string[] }> };

export default async function HomePage({ searchParams }: HomePageProps) {
  const { account } = await searchParams;
  // From the cookies alone, like proxy.ts: enough to choose the links; the dashboard checks for real.
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

      <main className="mx-auto flex w-full max-w-5xl flex-1 flex-col justify-center px-4 py-16 sm:px-6">
        {account === "deleted" ? (
          <div className="mb-10 max-w-2xl">
            <FormSuccess message="Your account has been deleted." />
          </div>
        ) : null}
        <div className="max-w-2xl">
          <h1 className="text-4xl font-semibold tracking-tight text-balance text-zinc-900 sm:text-5xl">
            Sign in to {APP_NAME}, safely and simply.
          </h1>
          <p className="mt-5 text-lg text-pretty text-zinc-600">
            {APP_NAME} gives your workspace one account for everything: create it in a minute, and
            keep it protected with sessions that never expose your credentials to the browser.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            {signedIn ? (
              <Link href={DASHBOARD_PATH} className={primaryLink}>
                Go to dashboard
              </Link>
            ) : (
              <>
                <Link href={SIGNUP_PATH} className={primaryLink}>
                  Create an account
                </Link>
                <Link
                  href={LOGIN_PATH}
                  className="rounded-lg border border-zinc-300 bg-white px-4 py-2.5 text-sm font-semibold text-zinc-900 shadow-xs hover:bg-zinc-50"
                >
                  Log in to your account
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

      <footer className="mx-auto w-full max-w-5xl px-4 py-6 text-sm text-zinc-500 sm:px-6">
        © {APP_NAME}
      </footer>
    </div>
  );
}
