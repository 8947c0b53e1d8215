import { metricsTokenMatches, webMetrics } from "@/lib/metrics";

/**
 * Prometheus scrapes this server here (README.md › Observability): 404 while METRICS_TOKEN is unset, 401 without
 * `Authorization: Bearer <METRICS_TOKEN>`. Read at request time so a rotated token needs no rebuild.
 */
export async function GET(request: Request): Promise<Response> {
  const token = process.env.METRICS_TOKEN;
  if (!token) return new Response("Not Found", { status: 404, headers: PLAIN });
  if (!metricsTokenMatches(request.headers.get("authorization"), token)) {
    return new Response("Unauthorized", {
      status: 401,
      headers: { ...PLAIN, "WWW-Authenticate": 'Bearer realm="metrics"' },
    });
  }
  const { registry } = webMetrics();
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
}

const PLAIN = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };

export const dynamic = "force-dynamic";
