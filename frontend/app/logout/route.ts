import { getTranslations } from "next-intl/server";
import { apiLogout } from "@/lib/api/client";
import { LOGIN_PATH } from "@/lib/routes";
import { isSameOriginRequest } from "@/lib/same-origin";
import { clearSession, getClientContext, getRefreshToken } from "@/lib/session";

/**
 * Logging out is a form post to here and a full page load of /login, so the signed-in page's data leaves the
 * browser's memory; Clear-Site-Data then empties the HTTP cache and storage for this origin. Only POST is
 * exported: Next answers GET with 405, so a link or an <img> cannot log anyone out.
 */
export async function POST(request: Request): Promise<Response> {
  if (!isSameOriginRequest(request.headers)) {
    return new Response((await getTranslations("errors"))("crossSite"), {
      status: 403,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const refresh = await getRefreshToken();
  try {
    if (refresh) await apiLogout(refresh, await getClientContext());
  } finally {
    // The browser must end up signed out even when the backend could not revoke the token.
    await clearSession();
  }
  return new Response(null, {
    status: 303,
    headers: {
      Location: LOGIN_PATH,
      "Clear-Site-Data": '"cache", "storage"',
      "Cache-Control": "no-store",
    },
  });
}
