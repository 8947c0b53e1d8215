/**
 * Whether a state-changing request comes from one of our own pages. Server actions get this check from Next;
 * route handlers do not. Browsers send Sec-Fetch-Site on every request now and Origin on every POST, and a page
 * cannot forge either. Without both (curl, old browsers without Origin on POST) the request is refused.
 * Our own origin is the host the request was addressed to, as the reverse proxy forwarded it, the way Next
 * checks server actions.
 */
export function isSameOriginRequest(headers: Headers): boolean {
  const site = headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin";

  const origin = headers.get("origin");
  if (!origin || origin === "null") return false;
  const host = (headers.get("x-forwarded-host") ?? headers.get("host") ?? "").split(",")[0]?.trim();
  try {
    return Boolean(host) && new URL(origin).host === host?.toLowerCase();
  } catch {
    return false;
  }
}
