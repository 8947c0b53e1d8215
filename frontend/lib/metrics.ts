import { timingSafeEqual } from "node:crypto";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/**
 * This server's Prometheus metrics (README.md › Observability). One registry per process, kept on globalThis:
 * instrumentation.ts (which counts) and app/metrics/route.ts (which serves) are bundled separately by Next.
 */
type WebMetrics = {
  registry: Registry;
  requests: Counter<"method" | "route" | "status">;
  duration: Histogram<"method" | "route">;
};

const KEY = Symbol.for("latchkey.metrics");

export function webMetrics(): WebMetrics {
  const global = globalThis as typeof globalThis & { [KEY]?: WebMetrics };
  if (global[KEY]) return global[KEY];
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "latchkey_web_" });
  const metrics: WebMetrics = {
    registry,
    requests: new Counter({
      name: "latchkey_web_http_requests_total",
      help: "Requests answered by the Next.js server, by method, route pattern and status.",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    duration: new Histogram({
      name: "latchkey_web_http_request_duration_seconds",
      help: "Time from the request's arrival to the end of its response, by method and route pattern.",
      labelNames: ["method", "route"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
  global[KEY] = metrics;
  return metrics;
}

/** Whether `authorization` is `Bearer <token>`, compared in constant time; false while no token is configured. */
export function metricsTokenMatches(
  authorization: string | null,
  token: string | undefined,
): boolean {
  if (!token || !authorization) return false;
  const [scheme = "", presented = ""] = authorization.split(" ", 2);
  if (scheme.toLowerCase() !== "bearer") return false;
  const [a, b] = [Buffer.from(presented.trim()), Buffer.from(token)];
  return a.length === b.length && timingSafeEqual(a, b);
}
