import { getTranslations } from "next-intl/server";
import { apiExportMe } from "@/lib/api/client";
import { throttledMessage } from "@/lib/api/errors";
import { loginUrlFor } from "@/lib/routes";
import { clearEndedSession, getAccessToken, getClientContext } from "@/lib/session";

/**
 * The data export as a download. The backend is called here, server-side, with the access token from the cookie,
 * so the token never reaches the page. proxy.ts has already refreshed it when needed.
 */
export async function GET(request: Request): Promise<Response> {
  const access = await getAccessToken();
  if (!access) return Response.redirect(new URL(loginUrlFor("/settings"), request.url), 303);

  const result = await apiExportMe(access, await getClientContext());
  if (!result.ok) {
    if (result.status === 401) {
      await clearEndedSession();
      return Response.redirect(
        new URL(loginUrlFor("/settings", { signedOut: true }), request.url),
        303,
      );
    }
    const message =
      result.status === 429
        ? await throttledMessage(result.retryAfter)
        : (await getTranslations("settings"))("exportFailed");
    return new Response(message, {
      status: result.status === 429 ? 429 : 502,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }

  return new Response(`${JSON.stringify(result.data, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="latchkey-data.json"',
      "Cache-Control": "no-store",
    },
  });
}

export const dynamic = "force-dynamic";
