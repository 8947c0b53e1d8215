import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { SecuritySettings } from "@/components/settings/security-settings";
import { apiListSecurityEvents } from "@/lib/api/client";
import { apiGetMfaOverview } from "@/lib/api/mfa";
import { apiSocialAccounts, getSocialProviders, type SocialAccount } from "@/lib/api/social";
import { getTimeFormats } from "@/lib/relative-time.server";
import { SECURITY_PATH } from "@/lib/routes";
import { singleParam } from "@/lib/search-params";
import { getAccessToken, getClientContext, requireUser } from "@/lib/session";
import { redirectWhenSignedOut } from "@/lib/signed-out";
import { socialErrorMessage } from "@/lib/social-errors";
import { type ProviderChoice, providerLabel } from "@/lib/social-providers";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("security"))("title") };
}

type SecurityPageProps = {
  searchParams: Promise<{
    linked?: string | string[];
    error?: string | string[];
    provider?: string | string[];
    connect?: string | string[];
  }>;
};

/** The Connected accounts section's data, or null to leave it out. Only known ids and fixed messages get through. */
async function socialSection(
  providers: ProviderChoice[],
  linked: SocialAccount[],
  query: Awaited<SecurityPageProps["searchParams"]>,
) {
  if (providers.length === 0 && linked.length === 0) return null;
  const { absoluteTime } = await getTimeFormats();
  const t = await getTranslations("security");
  const accounts = linked.map((account) => ({
    id: account.id,
    label: account.label || providerLabel(providers, account.provider) || account.provider,
    email: account.email,
    createdAt: account.created_at,
    created: absoluteTime(account.created_at),
  }));
  const available = providers.filter((p) => !linked.some((a) => a.provider === p.id));
  const known = [...providers, ...linked.map((a) => ({ id: a.provider, label: a.label }))];
  const linkedId = singleParam(query.linked);
  const errorCode = singleParam(query.error);
  const outcome = linkedId
    ? {
        kind: "linked" as const,
        message: t("linked", { provider: providerLabel(known, linkedId) ?? t("theAccount") }),
      }
    : errorCode
      ? {
          kind: "failed" as const,
          message: await socialErrorMessage(
            await getTranslations("social"),
            errorCode,
            providerLabel(known, singleParam(query.provider)),
          ),
        }
      : null;
  const connect = singleParam(query.connect);
  const resume = available.some((p) => p.id === connect) ? connect : null;
  return { accounts, available, resume, outcome };
}

export default async function SecurityPage({ searchParams }: SecurityPageProps) {
  const user = await requireUser();
  const t = await getTranslations("security");
  const { absoluteTime, timeAgo } = await getTimeFormats();
  const access = (await getAccessToken()) ?? "";
  const context = await getClientContext();
  const [events, overview, providers, socialAccounts] = await Promise.all([
    apiListSecurityEvents(access, context),
    apiGetMfaOverview(access, context),
    getSocialProviders(),
    apiSocialAccounts(access, context),
  ]);
  for (const result of [events, overview, socialAccounts]) {
    if (!result.ok) {
      redirectWhenSignedOut(result, SECURITY_PATH);
      throw new Error(`Could not load the security settings (backend status ${result.status}).`);
    }
  }
  if (!events.ok || !overview.ok || !socialAccounts.ok) return null;
  const factors = overview.data;
  const passkeys = factors.passkeys.map((passkey) => ({
    id: passkey.id,
    name: passkey.name,
    createdAt: passkey.created_at,
    created: absoluteTime(passkey.created_at),
    lastUsed: passkey.last_used_at
      ? t("lastUsed", { ago: timeAgo(passkey.last_used_at) })
      : t("neverUsed"),
  }));

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 sm:text-3xl">
          {t("title")}
        </h1>
        <p className="mt-1 text-zinc-600">{t("lead")}</p>
      </div>

      <SecuritySettings
        account={user.email}
        totpEnabled={factors.totp.enabled}
        recoveryCodes={factors.recovery_codes}
        passkeys={passkeys}
        social={await socialSection(providers, socialAccounts.data, await searchParams)}
      />

      <section
        aria-labelledby="events-heading"
        className="rounded-2xl border border-zinc-200 bg-white shadow-sm"
      >
        <h2
          id="events-heading"
          className="border-b border-zinc-200 px-5 py-4 text-sm font-semibold"
        >
          {t("eventsTitle")}
        </h2>
        {events.data.length === 0 ? (
          <p className="px-5 py-4 text-sm text-zinc-600">{t("noEvents")}</p>
        ) : (
          <ul className="divide-y divide-zinc-200">
            {events.data.map((event) => (
              <li key={event.id} className="space-y-1 px-5 py-4 text-sm">
                <p className="font-medium text-zinc-900">{event.description}</p>
                <p className="text-zinc-600">
                  <time dateTime={event.created_at} title={absoluteTime(event.created_at)}>
                    {timeAgo(event.created_at)}
                  </time>{" "}
                  ({absoluteTime(event.created_at)}){event.device ? ` · ${event.device}` : ""}
                  {event.ip_address ? ` · ${t("ip", { ip: event.ip_address })}` : ""}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
