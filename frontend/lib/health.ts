/**
 * The orchestrator's probes of this server: /api/health/live (the process answers) and /api/health/ready (it can
 * reach the API). Same paths and JSON shape as Django's pair (backend usersessions/api/health.py).
 */

export const LIVE_PATH = "/api/health/live";
export const READY_PATH = "/api/health/ready";
export const PROBE_PATHS: ReadonlySet<string> = new Set([LIVE_PATH, READY_PATH]);
/** Probes are read-only: anything but these is 405 (lib/http-methods.ts). */
export const PROBE_METHODS = ["GET", "HEAD"] as const;
/** Below the probe's own timeout (deploy/kubernetes: 5 s), so the probe gets an answer rather than a timeout. */
export const BACKEND_TIMEOUT_MS = 2_000;

type Probe = {
  status: "ok" | "unavailable";
  checks: Record<string, "ok" | "unavailable">;
  failing: string[];
};

/**
 * Whether the API answers its liveness probe within `timeoutMs` (milliseconds); false on any network error, timeout
 * or non-2xx. Django's *live* endpoint rather than its ready one: behind a Kubernetes Service only ready backends
 * receive the request, so an answer already means one of them is ready, without a database query per probe.
 */
export async function backendIsLive(apiUrl: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(`${apiUrl}${LIVE_PATH}`, {
      cache: "no-store",
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/** The probe answer: 200 when every check is "ok", else 503 naming the failing ones; never cached. */
export function probeResponse(checks: Record<string, boolean>): Response {
  const failing = Object.keys(checks).filter((name) => !checks[name]);
  const body: Probe = {
    status: failing.length === 0 ? "ok" : "unavailable",
    checks: Object.fromEntries(
      Object.entries(checks).map(([name, ok]) => [name, ok ? "ok" : "unavailable"]),
    ),
    failing,
  };
  return Response.json(body, {
    status: failing.length === 0 ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
