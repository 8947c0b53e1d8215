import { PROBE_METHODS, PROBE_PATHS } from "@/lib/health";

/**
 * Which HTTP methods this app answers, decided before Next renders anything. Next answers a wrong method on a
 * static file by rendering a "/405" error page that an App-Router-only app does not have, which ends in a 500
 * (vercel/next.js#92141); so the proxy answers those itself.
 */

/** Pages take GET and HEAD, and POST for server actions; route handlers answer OPTIONS and refuse the rest themselves. */
export const APP_METHODS = ["GET", "HEAD", "POST", "OPTIONS"] as const;
/** Files: build output, public/, metadata files such as /icon.svg. */
export const FILE_METHODS = ["GET", "HEAD"] as const;
/**
 * Methods the Fetch standard forbids in a Request: Next cannot build one to hand to proxy.ts or a route handler
 * and answers 500, so instrumentation.ts refuses them before Next sees them. Node 20's parser answers TRACK with
 * 400 itself and CONNECT never reaches a request handler; TRACK stays listed for a parser that lets it through.
 */
export const UNREPRESENTABLE_METHODS: ReadonlySet<string> = new Set(["TRACE", "TRACK"]);

export type MethodVerdict =
  | { kind: "continue" }
  | { kind: "not-allowed"; allow: readonly string[] }
  | { kind: "not-found" };

// A last path segment with a dot names a file; no page or route of this app other than metadata files has one.
function namesFile(pathname: string): boolean {
  const last = pathname.slice(pathname.lastIndexOf("/") + 1);
  return last.includes(".");
}

// Next answers a dotfile request (`/.env`, `/.gitkeep`) through the same missing error page, so it never gets there.
function hasDotSegment(pathname: string): boolean {
  return pathname
    .split("/")
    .some((segment) => segment.startsWith(".") && segment !== ".well-known");
}

// Next's own error routes (`/_global-error`, `/_not-found`, ...) answer with their error status (500 for the
// global one) when requested directly. An App Router folder whose name starts with "_" is private and never a
// route, so no page of this app starts that way: anything but Next's build output is not found.
function isInternalRoute(pathname: string): boolean {
  const first = pathname.split("/")[1] ?? "";
  return first.startsWith("_") && first !== "_next";
}

// A path whose percent-encoding does not decode (`%E0%A4%A`, `%ZZ`) names no page or route. Next answers one that
// reaches a dynamic route handler (`/auth/callback/%E0%A4%A`) with a bare 500 while decoding its params.
function isUndecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

export function methodVerdict(method: string, pathname: string): MethodVerdict {
  const upper = method.toUpperCase();
  if (hasDotSegment(pathname) || isInternalRoute(pathname) || isUndecodable(pathname)) {
    return { kind: "not-found" };
  }
  const allowed: readonly string[] = PROBE_PATHS.has(pathname)
    ? PROBE_METHODS
    : pathname.startsWith("/_next/static/") || namesFile(pathname)
      ? FILE_METHODS
      : APP_METHODS;
  return allowed.includes(upper) ? { kind: "continue" } : { kind: "not-allowed", allow: allowed };
}

export function isBuildAsset(pathname: string): boolean {
  return pathname.startsWith("/_next/");
}
