import { randomUUID } from "node:crypto";

/**
 * The request id: one per user action, shared by this server and Django (README.md › Observability). This server
 * makes it, or keeps the one a trusted proxy in front sent; Django receives it on every API call and logs under it.
 */
export const REQUEST_ID_HEADER = "x-request-id";

// As Django's core/request_id.py: a UUID or another proxy's token (nginx's $request_id), nothing a log line or a
// header could be bent by.
const REQUEST_ID_FORMAT = /^[A-Za-z0-9._-]{8,128}$/;

export function isRequestId(value: string | null | undefined): value is string {
  return typeof value === "string" && REQUEST_ID_FORMAT.test(value);
}

/**
 * `incoming` when the request came through trusted proxies (TRUSTED_PROXY_HOPS > 0: clients cannot reach this server
 * directly, and the proxy sets or replaces the header) and it is well formed; a fresh UUID otherwise.
 */
export function requestIdFor(
  incoming: string | string[] | undefined,
  throughTrustedProxy: boolean,
): string {
  const value = Array.isArray(incoming) ? undefined : incoming;
  return throughTrustedProxy && isRequestId(value) ? value : randomUUID();
}
