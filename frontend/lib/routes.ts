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

/** The login page, returning to `requestedPath` afterwards when that is a safe place to return to. */
export function loginUrlFor(requestedPath: unknown): string {
  return `${LOGIN_PATH}?next=${encodeURIComponent(sanitizeNextPath(requestedPath))}`;
}

/** Set by proxy.ts so server components, which cannot see the URL, know where to send the user back after login. */
export const REQUESTED_PATH_HEADER = "x-requested-path";
/** Set by proxy.ts: this response's CSP nonce, for any script a page would add itself. */
export const NONCE_HEADER = "x-nonce";
