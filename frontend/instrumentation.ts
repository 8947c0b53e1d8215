// Runs once when the Next.js server starts (next dev, next start, the standalone server.js).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { socketPeerStampInstall } = await import("@/lib/socket-peer");
    socketPeerStampInstall();
    const { refuseUnrepresentableMethods } = await import("@/lib/http-server");
    refuseUnrepresentableMethods();
  }
}
