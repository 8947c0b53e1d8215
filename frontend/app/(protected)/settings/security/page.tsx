import type { Metadata } from "next";
import { apiListSecurityEvents } from "@/lib/api/client";
import { absoluteTime, timeAgo } from "@/lib/relative-time";
import { SECURITY_PATH } from "@/lib/routes";
import { getAccessToken, getClientContext, requireUser } from "@/lib/session";
import { redirectWhenSignedOut } from "@/lib/signed-out";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage() {
  await requireUser();
  const result = await apiListSecurityEvents(
    (await getAccessToken()) ?? "",
    await getClientContext(),
  );
  if (!result.ok) {
    redirectWhenSignedOut(result, SECURITY_PATH);
    throw new Error(`Could not load the security events (backend status ${result.status}).`);
  }
  const events = result.data;

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 sm:text-3xl">
          Security
        </h1>
        <p className="mt-1 text-zinc-600">
          Recent activity on your account. If something looks unfamiliar, change your password and
          sign out your other devices.
        </p>
      </div>

      <section
        aria-labelledby="events-heading"
        className="rounded-2xl border border-zinc-200 bg-white shadow-sm"
      >
        <h2
          id="events-heading"
          className="border-b border-zinc-200 px-5 py-4 text-sm font-semibold"
        >
          Recent security events
        </h2>
        {events.length === 0 ? (
          <p className="px-5 py-4 text-sm text-zinc-600">Nothing has happened yet.</p>
        ) : (
          <ul className="divide-y divide-zinc-200">
            {events.map((event) => (
              <li key={event.id} className="space-y-1 px-5 py-4 text-sm">
                <p className="font-medium text-zinc-900">{event.description}</p>
                <p className="text-zinc-600">
                  <time dateTime={event.created_at} title={absoluteTime(event.created_at)}>
                    {timeAgo(event.created_at)}
                  </time>{" "}
                  ({absoluteTime(event.created_at)}){event.device ? ` · ${event.device}` : ""}
                  {event.ip_address ? ` · IP ${event.ip_address}` : ""}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
