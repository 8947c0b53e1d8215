import { sanitizeNextPath } from "@/lib/next-path";

export const LOGIN_PATH = "/login";
export const SIGNUP_PATH = "/signup";
/** POST only: app/logout/route.ts. */
export const LOGOUT_PATH = "/logout";
export const DASHBOARD_PATH = "/dashboard";
/** Where signup lands when the backend requires a verified email before the first sign-in. */
export const VERIFY_FIRST_LOGIN_PATH = "/login?verify=sent";

export const SETTINGS_PATH = "/settings";
export const SESSIONS_PATH = "/settings/sessions";
export const SECURITY_PATH = "/settings/security";
export const FORGOT_PASSWORD_PATH = "/forgot-password";

/** Social sign-in: POST only (app/auth/social/[provider]/start/route.ts); the provider sends the browser back to the callback. */
export const SOCIAL_CALLBACK_PREFIX = "/auth/callback";
/** The login page's second step, for a sign-in that began elsewhere (a social sign-in asking for a second factor). */
export const SECOND_STEP_QUERY = "second-factor";

// Ids come from Django's SOCIAL_PROVIDERS; they become path segments and cookie fields, so the charset is closed.
const SOCIAL_PROVIDER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function isSocialProviderId(value: unknown): value is string {
  return typeof value === "string" && SOCIAL_PROVIDER_ID.test(value);
}

export function socialStartPath(provider: string): string {
  return `/auth/social/${encodeURIComponent(provider)}/start`;
}

const PROTECTED_PREFIXES = ["/dashboard", "/settings"] as const;
const GUEST_ONLY_PATHS = [LOGIN_PATH, SIGNUP_PATH] as const;

function matchesPrefix(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

export function isProtectedPath(pathname: string): boolean {
  return PROTECTED_PREFIXES.some((prefix) => matchesPrefix(pathname, prefix));
}

export function isGuestOnlyPath(pathname: string): boolean {
  return GUEST_ONLY_PATHS.some((path) => matchesPrefix(pathname, path));
}

/** `reason` on the login URL: this browser had a session that has ended (logged out in another tab, revoked). */
export const SIGNED_OUT_REASON = "signed-out";

/**
 * The login page, returning to `requestedPath` afterwards when that is a safe place to return to. `signedOut` says
 * the browser had a session that is no longer good, so the page can tell the user why they are asked to log in.
 */
export function loginUrlFor(requestedPath: unknown, { signedOut = false } = {}): string {
  const next = `${LOGIN_PATH}?next=${encodeURIComponent(sanitizeNextPath(requestedPath))}`;
  return signedOut ? `${next}&reason=${SIGNED_OUT_REASON}` : next;
}

/** Set by proxy.ts so server components, which cannot see the URL, know where to send the user back after login. */
export const REQUESTED_PATH_HEADER = "x-requested-path";
/** Set by proxy.ts: this response's CSP nonce, for any script a page would add itself. */
export const NONCE_HEADER = "x-nonce";
