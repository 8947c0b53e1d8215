import { isProtectedPath, SOCIAL_CALLBACK_PREFIX } from "@/lib/routes";
import { APP_NAME } from "@/lib/site";

/**
 * The refresh cookie is SameSite=Strict (ASVS 3.3.2), so a browser withholds it on any request another site started,
 * even a plain link to one of our pages; the access cookie (Lax) still comes along on such a top-level GET. These
 * rules, read from the Fetch Metadata headers (W3C Fetch Metadata Request Headers), keep that from signing anyone out.
 */

/**
 * Whether the browser may have withheld the SameSite=Strict refresh cookie from this request: it says another site
 * started it. A missing refresh cookie then proves nothing, so nothing may be cleared or marked signed out. Without
 * Sec-Fetch-Site (curl, old browsers) the request is taken as it comes, as before SameSite=Strict.
 */
export function refreshCookieMayBeWithheld(headers: Pick<Headers, "get">): boolean {
  return headers.get("sec-fetch-site") === "cross-site";
}

export type BounceCandidate = {
  method: string;
  pathname: string;
  headers: Pick<Headers, "get">;
  /** The proxy found a live access token (or refreshed one): a protected page can open as it is. */
  signedIn: boolean;
  /** The request carried a refresh cookie (expired or refused by the API: then a bounce would not help). */
  refreshSent: boolean;
};

/**
 * Whether to answer with the same-site bounce page: a top-level navigation that another site started, without the
 * refresh cookie, to
 * - a protected page (a link in a web mail, a chat) with no live access token, instead of the login redirect;
 * - the social sign-in callback (the provider sends the browser back), which needs the refresh token whatever the
 *   access token says: to end the session a new sign-in replaces, or to refresh the linking user's access token.
 * Re-requested from our own page, the same URL then carries the refresh cookie if the browser holds one. HEAD is
 * answered as GET would be (RFC 9110 §9.3.2). The re-request is same-origin, so it is never bounced again.
 */
export function sameSiteBounceDue(request: BounceCandidate): boolean {
  const { headers, pathname } = request;
  const needsRefresh = isProtectedPath(pathname)
    ? !request.signedIn
    : pathname.startsWith(`${SOCIAL_CALLBACK_PREFIX}/`);
  return (
    (request.method === "GET" || request.method === "HEAD") &&
    headers.get("sec-fetch-mode") === "navigate" &&
    headers.get("sec-fetch-dest") === "document" &&
    refreshCookieMayBeWithheld(headers) &&
    !request.refreshSent &&
    needsRefresh
  );
}

/**
 * The bounce page. `<meta http-equiv="refresh" content="0">` without a URL reloads the document's own URL, path
 * and query exactly as requested, from our own origin: no URL is written into the page, so it cannot be steered
 * elsewhere, and no script runs, so the CSP needs no exception. The body stays empty: it shows for no time at all.
 */
export const SAME_SITE_BOUNCE_HTML = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0"><meta name="robots" content="noindex"><title>${APP_NAME}</title></head><body></body></html>`;
