import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { DestinationStream } from "pino";
import { vouchedClientAddress } from "@/lib/client-address";
import { webMetrics } from "@/lib/metrics";
import { REQUEST_ID_HEADER, requestIdFor } from "@/lib/request-id";
import { jsonLogger } from "@/lib/server-log";

/**
 * One JSON log line and the HTTP metrics per request, and the request id, on Node's HTTP server: the only place
 * that sees every request (proxy.ts, pages, route handlers, build assets) and its final status. Loaded by
 * instrumentation.ts; never part of a client bundle.
 */

// Pages and route handlers of app/, with dynamic segments as patterns: metric labels must stay a closed set, and
// paths (unlike these) could carry ids. Query strings never appear: emailed links carry one-time keys in them.
const STATIC_ROUTES: ReadonlySet<string> = new Set([
  "/",
  "/login",
  "/signup",
  "/forgot-password",
  "/reset-password",
  "/verify-email",
  "/confirm-email-change",
  "/dashboard",
  "/settings",
  "/settings/security",
  "/settings/sessions",
  "/settings/export",
  "/logout",
  "/api/health/live",
  "/api/health/ready",
  "/metrics",
  "/icon.svg",
]);
const DYNAMIC_ROUTES: readonly [RegExp, string][] = [
  [/^\/auth\/social\/[^/]+\/start$/, "/auth/social/[provider]/start"],
  [/^\/auth\/callback\/[^/]+$/, "/auth/callback/[provider]"],
  [/^\/_next\/static\//, "/_next/static/*"],
  [/^\/_next\//, "/_next/*"],
];
const METHODS: ReadonlySet<string> = new Set([
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "OPTIONS",
]);

/** The route pattern of a request target ("/auth/callback/[provider]"), "other" for anything not served by app/. */
export function routePattern(target: string | undefined): string {
  const pathname = (target ?? "/").split("?", 1)[0]?.split("#", 1)[0] || "/";
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  if (STATIC_ROUTES.has(trimmed)) return trimmed;
  for (const [pattern, route] of DYNAMIC_ROUTES) if (pattern.test(trimmed)) return route;
  return "other";
}

export function methodLabel(method: string | undefined): string {
  const upper = (method ?? "").toUpperCase();
  return METHODS.has(upper) ? upper : "other";
}

type RequestStart = {
  request: IncomingMessage;
  response: ServerResponse;
  socket: { remoteAddress?: string };
};

const INSTALLED = Symbol.for("latchkey.request-log");

/**
 * Installs the per-request hook. `hops`: TRUSTED_PROXY_HOPS (lib/env.ts reads the same variable for pages; this
 * runs outside any request, where "server-only" modules cannot be loaded). `log`: whether to write the JSON line
 * (off under `next dev`, whose own lines are the readable ones). `destination`: where lines go (default stdout).
 */
export function requestLogInstall({
  hops,
  log,
  destination,
}: {
  hops: number;
  log: boolean;
  destination?: DestinationStream;
}): void {
  const global = globalThis as typeof globalThis & { [INSTALLED]?: true };
  if (global[INSTALLED]) return;
  global[INSTALLED] = true;
  const logger = jsonLogger(destination);
  const { requests, duration } = webMetrics();
  // Published by Node's HTTP server for each request before its "request" event, i.e. before Next.js runs: the id
  // decided here replaces whatever the client sent, for proxy.ts, pages and route handlers alike.
  subscribe("http.server.request.start", (message) => {
    const { request, response, socket } = message as RequestStart;
    const started = process.hrtime.bigint();
    const requestId = requestIdFor(request.headers[REQUEST_ID_HEADER], hops > 0);
    request.headers[REQUEST_ID_HEADER] = requestId;
    response.setHeader("X-Request-ID", requestId);
    response.once("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const method = methodLabel(request.method);
      const route = routePattern(request.url);
      requests.inc({ method, route, status: String(response.statusCode) });
      duration.observe({ method, route }, seconds);
      if (!log) return;
      const forwardedFor = request.headers["x-forwarded-for"];
      logger.info(
        {
          request_id: requestId,
          method,
          route,
          status: response.statusCode,
          duration_ms: Math.round(seconds * 10_000) / 10,
          client_ip: vouchedClientAddress({
            peer: socket.remoteAddress ?? "",
            forwardedFor: Array.isArray(forwardedFor)
              ? forwardedFor.join(",")
              : (forwardedFor ?? null),
            hops,
          }),
        },
        `${method} ${route} ${response.statusCode}`,
      );
    });
  });
}
