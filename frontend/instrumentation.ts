// Runs once when the Next.js server starts (next dev, next start, the standalone server.js).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { socketPeerStampInstall } = await import("@/lib/socket-peer");
    socketPeerStampInstall();
    const { refuseUnrepresentableMethods } = await import("@/lib/http-server");
    refuseUnrepresentableMethods();
    // Subscribed and synced before the first signed-in page, rather than at it (null without REDIS_URL).
    const { revocationFeed } = await import("@/lib/revocation-feed.server");
    revocationFeed()?.start();
  }
}
