/** Liveness: this Node process answers. Checks nothing else, so a slow API never gets this server restarted. */
export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}

// Answered per request, never prerendered at build time.
export const dynamic = "force-dynamic";
