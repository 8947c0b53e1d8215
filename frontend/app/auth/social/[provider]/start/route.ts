import { getLocale, getTranslations } from "next-intl/server";
import { localeDirection } from "@/i18n/config";
import { isReauthRequired } from "@/lib/api/errors";
import { apiSocialStart, getSocialProviders } from "@/lib/api/social";
import { sanitizeNextPath } from "@/lib/next-path";
import { isSocialProviderId, loginUrlFor, SECURITY_PATH } from "@/lib/routes";
import { isSameOriginRequest } from "@/lib/same-origin";
import { serverLog } from "@/lib/server-log";
import {
  clearEndedSession,
  getClientContext,
  getFreshAccessToken,
  setSocialFlow,
} from "@/lib/session";
import { socialErrorCodeOf } from "@/lib/social-errors";
import {
  isSocialState,
  type SocialIntent,
  safeAuthorizationUrl,
  socialErrorPath,
  socialStepUpPath,
} from "@/lib/social-flow";
import { providerLabel } from "@/lib/social-providers";
import { continuePage, plainText, seeOther } from "@/lib/social-responses";

/**
 * Starts a social sign-in (intent=login, from /login and /signup) or the linking of a provider to the signed-in
 * account (intent=link, from the security settings). A plain form post, so it works without JavaScript. Only POST
 * is exported: a link or an <img> on another site cannot start a flow in someone's browser.
 */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ provider: string }> },
): Promise<Response> {
  const t = await getTranslations("social");
  if (!isSameOriginRequest(request.headers)) {
    return plainText(403, (await getTranslations("errors"))("crossSite"));
  }
  const { provider } = await params;
  const form = await request.formData().catch(() => null);
  const intent: SocialIntent = form?.get("intent") === "link" ? "link" : "login";
  const next = intent === "link" ? SECURITY_PATH : sanitizeNextPath(form?.get("next"));
  if (!isSocialProviderId(provider)) {
    return seeOther(socialErrorPath(intent, "unknown_provider", null));
  }

  let access: string | undefined;
  if (intent === "link") {
    const fresh = await getFreshAccessToken();
    if (fresh.kind === "signed-out") return seeOther(loginUrlFor(SECURITY_PATH));
    if (fresh.kind === "unavailable")
      return seeOther(socialErrorPath(intent, "unavailable", provider));
    access = fresh.access;
  }

  const result = await apiSocialStart(provider, intent, access, await getClientContext());
  if (!result.ok) {
    if (intent === "link" && isReauthRequired(result)) return seeOther(socialStepUpPath(provider));
    if (intent === "link" && result.status === 401) {
      await clearEndedSession();
      return seeOther(loginUrlFor(SECURITY_PATH));
    }
    return seeOther(socialErrorPath(intent, socialErrorCodeOf(result), provider));
  }

  const authorizationUrl = safeAuthorizationUrl(result.data.authorization_url);
  const state = result.data.state;
  if (!authorizationUrl || !isSocialState(state)) {
    serverLog().error("Social start answered without a usable authorization_url or state", {
      provider,
    });
    return seeOther(socialErrorPath(intent, "provider_unavailable", provider));
  }
  await setSocialFlow({ state, provider, intent, next });
  const name = providerLabel(await getSocialProviders(), provider) ?? t("theSignInProvider");
  const locale = await getLocale();
  return continuePage(authorizationUrl, {
    lang: locale,
    dir: localeDirection(locale),
    continuing: t("continueBody", { provider: name }),
    link: t("continueTitle", { provider: name }),
  });
}
