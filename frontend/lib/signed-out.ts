import "server-only";
import { redirect } from "next/navigation";
import type { ApiFailure } from "@/lib/api/errors";
import { loginUrlFor } from "@/lib/routes";

/**
 * A 401 while rendering means the session was revoked after the layout checked it: off to log in. proxy.ts
 * clears the dead cookies on that navigation (the refresh is rejected too).
 */
export function redirectWhenSignedOut(failure: ApiFailure, returnTo: string): void {
  if (failure.status === 401) redirect(loginUrlFor(returnTo, { signedOut: true }));
}
