import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { RevokeOthersButton, RevokeSessionButton } from "@/components/settings/session-actions";
import { StepUpProvider } from "@/components/settings/step-up";
import { apiListSessions } from "@/lib/api/client";
import { apiGetMfaOverview } from "@/lib/api/mfa";
import type { Factors } from "@/lib/mfa";
import { getTimeFormats } from "@/lib/relative-time.server";
import { SESSIONS_PATH } from "@/lib/routes";
import { getAccessToken, getClientContext, requireUser } from "@/lib/session";
import { redirectWhenSignedOut } from "@/lib/signed-out";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("sessions"))("title") };
}

export default async function SessionsPage() {
  await requireUser();
  const t = await getTranslations("sessions");
  const { absoluteTime, timeAgo } = await getTimeFormats();
  const access = (await getAccessToken()) ?? "";
  const context = await getClientContext();
  const [result, overview] = await Promise.all([
    apiListSessions(access, context),
    apiGetMfaOverview(access, context),
  ]);
  for (const answer of [result, overview]) {
    if (!answer.ok) {
      redirectWhenSignedOut(answer, SESSIONS_PATH);
      throw new Error(`Could not load the sessions (backend status ${answer.status}).`);
    }
  }
  if (!result.ok || !overview.ok) return null;
  // What the step-up dialog may ask for when "sign out everywhere else" needs a fresh proof.
  const factors: Factors = {
    totp: overview.data.totp.enabled,
    passkeys: overview.data.passkeys.length,
    recoveryCodesLeft: overview.data.recovery_codes.remaining,
  };
  // This device first, then the most recently used.
  const sessions = [...result.data].sort(
    (a, b) =>
      Number(b.current) - Number(a.current) ||
      Date.parse(b.last_used_at) - Date.parse(a.last_used_at),
  );

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 sm:text-3xl">
          {t("title")}
        </h1>
        <p className="mt-1 text-zinc-600">{t("lead")}</p>
      </div>

      <section
        aria-labelledby="sessions-heading"
        className="rounded-2xl border border-zinc-200 bg-white shadow-sm"
      >
        <h2
          id="sessions-heading"
          className="border-b border-zinc-200 px-5 py-4 text-sm font-semibold"
        >
          {t("devices", { count: sessions.length })}
        </h2>
        <ul className="divide-y divide-zinc-200">
          {sessions.map((session) => (
            <li
              key={session.id}
              className="flex flex-wrap items-start justify-between gap-3 px-5 py-4 text-sm"
            >
              <div className="min-w-0 space-y-1">
                <p className="font-medium wrap-anywhere text-zinc-900">
                  {session.device || t("unknownDevice")}
                  {session.current ? (
                    <span className="ms-2 rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-semibold text-emerald-800">
                      {t("thisDevice")}
                    </span>
                  ) : null}
                </p>
                <p className="text-zinc-600">
                  {session.ip_address ? `${t("ip", { ip: session.ip_address })} · ` : ""}
                  {t.rich("lastActive", {
                    ago: timeAgo(session.last_used_at),
                    time: (chunks) => (
                      <time
                        dateTime={session.last_used_at}
                        title={absoluteTime(session.last_used_at)}
                      >
                        {chunks}
                      </time>
                    ),
                  })}
                  {" · "}
                  {t.rich("signedIn", {
                    when: absoluteTime(session.created_at),
                    time: (chunks) => <time dateTime={session.created_at}>{chunks}</time>,
                  })}
                </p>
              </div>
              {session.current ? null : (
                <RevokeSessionButton sessionId={session.id} device={session.device} />
              )}
            </li>
          ))}
        </ul>
      </section>

      {/* Stays mounted after it ran, so its result is still announced when no other device is left. */}
      <StepUpProvider factors={factors}>
        <RevokeOthersButton others={sessions.length - 1} />
      </StepUpProvider>
    </div>
  );
}
