// Runs once when the Next.js server starts (next dev, next start, the standalone server.js).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { socketPeerStampInstall } = await import("@/lib/socket-peer");
    socketPeerStampInstall();
    const { refuseUnrepresentableMethods } = await import("@/lib/http-server");
    refuseUnrepresentableMethods();
    // The request id, the JSON request log and the HTTP metrics (README.md › Observability). The log is JSON unless
    // LOG_FORMAT=plain; under `next dev` Next's own readable lines stand in for it.
    const { requestLogInstall } = await import("@/lib/request-log");
    const { jsonLogs } = await import("@/lib/server-log");
    requestLogInstall({ hops: Number(process.env.TRUSTED_PROXY_HOPS ?? 0) || 0, log: jsonLogs() });
    // Only with a collector to send to: otherwise not one module of the OpenTelemetry SDK is loaded.
    if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
      const { tracingStart } = await import("@/lib/tracing");
      tracingStart();
    }
    // Subscribed and synced before the first signed-in page, rather than at it (null without REDIS_URL).
    const { revocationFeed } = await import("@/lib/revocation-feed.server");
    revocationFeed()?.start();
  }
}
