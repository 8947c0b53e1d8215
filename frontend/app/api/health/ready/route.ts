import { env } from "@/lib/env";
import { BACKEND_TIMEOUT_MS, backendIsLive, probeResponse } from "@/lib/health";

/** Readiness: the API answers within BACKEND_TIMEOUT_MS (every page and action needs it). 503 names "backend". */
export async function GET(): Promise<Response> {
  return probeResponse({ backend: await backendIsLive(env.apiUrl, BACKEND_TIMEOUT_MS) });
}

export const dynamic = "force-dynamic";
