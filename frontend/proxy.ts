import { type NextRequest, NextResponse } from "next/server";
import { isForeignServerAction } from "@/lib/action-origin";
import { env } from "@/lib/env";
import { isBuildAsset, methodVerdict } from "@/lib/http-methods";
import { sanitizeNextPath } from "@/lib/next-path";
import {
  isGuestOnlyPath,
  isProtectedPath,
  LOGIN_PATH,
  loginUrlFor,
  NONCE_HEADER,
  REQUESTED_PATH_HEADER,
} from "@/lib/routes";
import { SAME_SITE_BOUNCE_HTML, sameSiteBounceDue } from "@/lib/same-site-bounce";
import { contentSecurityPolicy, createNonce, securityHeaders } from "@/lib/security-headers";
import {
  continueWithSession,
  hadSession,
  isSignedIn,
  type ProxySession,
  redirectWithSession,
  resolveGuestPageSession,
  resolveProxySession,
  sentRefreshCookie,
} from "@/lib/session";

const NO_SESSION_CHANGE: ProxySession = { state: "active" };

/**
 * First, methods a path does not take are answered with 405 here (lib/http-methods.ts); build assets go on
 * untouched; another origin's server-action POST is refused with 403 (lib/action-origin.ts). Every page gets a
 * per-request CSP nonce (Next reads it from the request's CSP header and puts it on its own scripts). On protected and guest-only paths it also gates optimistically, on what the cookies say, and refreshes
 * an expired access token. The authoritative check is requireUser() in app/(protected)/layout.tsx.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const verdict = methodVerdict(request.method, pathname);
  if (verdict.kind === "not-allowed") {
    return plainResponse(405, "Method Not Allowed", { Allow: verdict.allow.join(", ") });
  }
  if (verdict.kind === "not-found") return plainResponse(404, "Not Found");
  if (isBuildAsset(pathname)) return NextResponse.next();
  // Before any session work: Next would refuse it too, but with a 500 (lib/action-origin.ts).
  if (isForeignServerAction(request.method, request.headers))
    return plainResponse(403, "Forbidden");

  const nonce = createNonce();
  const policy = contentSecurityPolicy(nonce, { isDevelopment: env.isDevelopment });
  const headers = securityHeaders(policy, { strictTransportSecurity: env.cookieSecure });
  // Next reads the nonce from the request's CSP header while rendering and puts it on its own scripts.
  const requestHeaders = { [NONCE_HEADER]: nonce, "Content-Security-Policy": policy };
  // Server actions arrive as POSTs to the page's URL: redirecting them would break the action's response.
  const isNavigation = request.method === "GET" || request.method === "HEAD";

  const bounceDue = (signedIn: boolean) =>
    sameSiteBounceDue({
      method: request.method,
      pathname,
      headers: request.headers,
      signedIn,
      refreshSent: sentRefreshCookie(request),
    });

  if (isProtectedPath(pathname)) {
    const session = await resolveProxySession(request);
    const requestedPath = `${pathname}${search}`;
    // Before the login redirect: the user may well be signed in, with the refresh cookie withheld (SameSite=Strict).
    if (bounceDue(isSignedIn(session))) return sameSiteBounce(headers);
    if (isNavigation && !isSignedIn(session)) {
      const loginUrl = loginUrlFor(requestedPath, { signedOut: hadSession(request, session) });
      return redirectWithSession(new URL(loginUrl, request.url), session, headers);
    }
    return continueWithSession(
      request,
      session,
      { ...requestHeaders, [REQUESTED_PATH_HEADER]: requestedPath },
      headers,
    );
  }

  if (isGuestOnlyPath(pathname)) {
    const session = await resolveGuestPageSession(request);
    if (isNavigation && isSignedIn(session)) {
      const next = pathname === LOGIN_PATH ? request.nextUrl.searchParams.get("next") : null;
      return redirectWithSession(new URL(sanitizeNextPath(next), request.url), session, headers);
    }
    return continueWithSession(request, session, requestHeaders, headers);
  }

  // The social callback: whatever the access token says, the refresh token is needed (held or refreshed).
  if (bounceDue(false)) return sameSiteBounce(headers);
  return continueWithSession(request, NO_SESSION_CHANGE, requestHeaders, headers);
}

/** lib/same-site-bounce.ts's page. It sets no cookie: the request it answers may lack the refresh cookie. */
function sameSiteBounce(headers: Record<string, string>) {
  return new NextResponse(SAME_SITE_BOUNCE_HTML, {
    status: 200,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      ...headers,
    },
  });
}

function plainResponse(status: number, body: string, headers: Record<string, string> = {}) {
  return new NextResponse(body, {
    status,
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "no-store",
      ...headers,
    },
  });
}

export const config = {
  // Every path: pages for the CSP and the gates, build output and files for the method check above.
  matcher: ["/:path*"],
};
