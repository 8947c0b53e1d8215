import "server-only";
import { redirect } from "next/navigation";
import type { ClientContext } from "@/lib/api/client";
import type { ApiFailure } from "@/lib/api/errors";
import { loginUrlFor } from "@/lib/routes";
import { clearEndedSession, getAccessToken, getClientContext } from "@/lib/session";

/** Helpers for server actions of signed-in pages. */

export type Caller = { access: string; context: ClientContext };

/** The signed-in caller, or a trip to the login page when the session is gone. */
export async function caller(returnTo: string): Promise<Caller> {
  const access = await getAccessToken();
  // A server action of a signed-in page without a session: it ended (in another tab) while the page was open.
  if (!access) redirect(loginUrlFor(returnTo, { signedOut: true }));
  return { access, context: await getClientContext() };
}

/** A 401 means this session was revoked (elsewhere, or by a password change on another device). */
export async function endIfSignedOut(failure: ApiFailure, returnTo: string): Promise<void> {
  if (failure.status === 401) {
    await clearEndedSession();
    redirect(loginUrlFor(returnTo, { signedOut: true }));
  }
}
