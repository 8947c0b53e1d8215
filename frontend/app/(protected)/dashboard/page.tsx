import type { Metadata } from "next";
import { VerificationBanner } from "@/components/settings/verification-banner";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Dashboard" };

const memberSince = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" });

export default async function DashboardPage() {
  // Layouts and pages render independently, so the page checks again (a per-request cache makes it free).
  const user = await requireUser();

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight wrap-anywhere text-zinc-900 sm:text-3xl">
          Welcome, {user.name}
        </h1>
        <p className="mt-1 text-zinc-600">Here are the details of your account.</p>
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
          Account
        </h2>
        <dl className="divide-y divide-zinc-200 text-sm">
          <div className="grid gap-1 px-5 py-4 sm:grid-cols-3">
            <dt className="text-zinc-600">Name</dt>
            <dd className="min-w-0 font-medium wrap-anywhere text-zinc-900 sm:col-span-2">
              {user.name}
            </dd>
          </div>
          <div className="grid gap-1 px-5 py-4 sm:grid-cols-3">
            <dt className="text-zinc-600">Email</dt>
            <dd className="min-w-0 font-medium wrap-anywhere text-zinc-900 sm:col-span-2">
              {user.email}
            </dd>
          </div>
          <div className="grid gap-1 px-5 py-4 sm:grid-cols-3">
            <dt className="text-zinc-600">Member since</dt>
            <dd className="font-medium text-zinc-900 sm:col-span-2">
              <time dateTime={user.date_joined}>
                {memberSince.format(new Date(user.date_joined))}
              </time>
            </dd>
          </div>
        </dl>
      </section>
    </div>
  );
}
