/**
 * Whether the `Origin` header names the host the request was addressed to, as the reverse proxy forwarded it (the
 * first `X-Forwarded-Host` value, else `Host`): the way Next.js checks server actions. `Origin: null` and an Origin
 * that does not parse are foreign; null when the request has no Origin header at all.
 */
export function originIsOwn(headers: Pick<Headers, "get">): boolean | null {
  const origin = headers.get("origin");
  if (origin === null) return null;
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  const host = (forwarded || headers.get("host") || "").toLowerCase();
  try {
    return host !== "" && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * Whether a state-changing request comes from one of our own pages. Server actions get this check from Next;
 * route handlers do not. Browsers send Sec-Fetch-Site on every request now and Origin on every POST, and a page
 * cannot forge either. Without both (curl, old browsers without Origin on POST) the request is refused.
 */
export function isSameOriginRequest(headers: Pick<Headers, "get">): boolean {
  const site = headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin";
  return originIsOwn(headers) === true;
}
