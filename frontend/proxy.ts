import type { NextRequest } from "next/server";
import { sanitizeNextPath } from "@/lib/next-path";
import {
  isGuestOnlyPath,
  isProtectedPath,
  LOGIN_PATH,
  loginUrlFor,
  REQUESTED_PATH_HEADER,
} from "@/lib/routes";
import {
  continueWithSession,
  isSignedIn,
  redirectWithSession,
  resolveProxySession,
} from "@/lib/session";

/**
 * Optimistic gate: redirects on what the cookies say and refreshes an expired access token. The authoritative
 * check is requireUser() in app/(protected)/layout.tsx, which asks the backend.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const session = await resolveProxySession(request);
  // Server actions arrive as POSTs to the page's URL: redirecting them would break the action's response.
  const isNavigation = request.method === "GET" || request.method === "HEAD";

  if (isProtectedPath(pathname)) {
    const requestedPath = `${pathname}${search}`;
    if (isNavigation && !isSignedIn(session)) {
      return redirectWithSession(new URL(loginUrlFor(requestedPath), request.url), session);
    }
    return continueWithSession(request, session, { [REQUESTED_PATH_HEADER]: requestedPath });
  }

  if (isNavigation && isGuestOnlyPath(pathname) && isSignedIn(session)) {
    const next = pathname === LOGIN_PATH ? request.nextUrl.searchParams.get("next") : null;
    return redirectWithSession(new URL(sanitizeNextPath(next), request.url), session);
  }

  return continueWithSession(request, session);
}

export const config = {
  matcher: ["/dashboard/:path*", "/settings/:path*", "/login", "/signup"],
};
