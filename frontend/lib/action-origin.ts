import { originIsOwn } from "@/lib/same-origin";

/**
 * Whether a request is a server-action call (a POST with Next's `Next-Action` header) from another origin, which
 * Next.js refuses itself (its CSRF check in app-render/action-handler.js: the `Origin` host against the first
 * `X-Forwarded-Host` value or `Host`; `Origin: null` is foreign) but answers with a 500, or a bare 500 when the
 * Origin does not parse. proxy.ts answers 403 first: a foreign page's forged POST is the client's error, not ours.
 * The same rule as Next's, with no `serverActions.allowedOrigins` (next.config.ts sets none), so nothing Next would
 * run is refused; a request without Origin (curl, old browsers) goes on to Next, which lets it through with a
 * warning: such a request carries no credentials a browser would add on another site's behalf.
 */
export function isForeignServerAction(method: string, headers: Pick<Headers, "get">): boolean {
  return method === "POST" && headers.get("next-action") !== null && originIsOwn(headers) === false;
}
