import { adoptAccountLanguage } from "@/i18n/cookie";
import type { ApiFailure } from "@/lib/api/errors";
import { isMfaChallenge } from "@/lib/api/mfa";
import { apiSocialComplete, isSocialLinked } from "@/lib/api/social";
import { loginUrlFor, SECURITY_PATH } from "@/lib/routes";
import {
  clearEndedSession,
  getClientContext,
  getFreshAccessToken,
  getRefreshToken,
  setPendingSignIn,
  setSessionTokens,
  takeSocialFlow,
} from "@/lib/session";
import { providerErrorCode, socialErrorCodeOf } from "@/lib/social-errors";
import {
  matchingFlow,
  type SocialFlow,
  secondStepPath,
  socialErrorPath,
  socialLinkedPath,
} from "@/lib/social-flow";
import { seeOther } from "@/lib/social-responses";

/**
 * Where the provider sends the browser back (the redirect URI registered with it). The flow cookie is spent on
 * every visit, so this URL completes at most one flow; Django then checks the state once more and redeems the code.
 */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ provider: string }> },
): Promise<Response> {
  const { provider } = await params;
  const query = new URL(request.url).searchParams;
  const stored = await takeSocialFlow();
  const flow = matchingFlow(stored, provider, query.get("state"));
  // Without a matching flow the intent is unknown unless the cookie said so; a sign-in is the safe guess.
  const intent = stored?.intent ?? "login";
  if (!flow) return seeOther(socialErrorPath(intent, "invalid_state", stored?.provider ?? null));

  const providerError = query.get("error");
  if (providerError !== null) {
    return seeOther(socialErrorPath(flow.intent, providerErrorCode(providerError), provider));
  }
  const code = query.get("code");
  if (!code) return seeOther(socialErrorPath(flow.intent, "social_auth_failed", provider));

  return flow.intent === "link" ? finishLink(flow, code) : finishSignIn(flow, code);
}

async function finishSignIn(flow: SocialFlow, code: string): Promise<Response> {
  const result = await apiSocialComplete(
    flow.provider,
    { code, state: flow.state },
    { heldRefresh: await getRefreshToken() },
    await getClientContext(),
  );
  if (!result.ok) return failed(flow, result);
  const answer = result.data;
  if (isSocialLinked(answer)) return seeOther(socialErrorPath("login", "failed", flow.provider));
  if (isMfaChallenge(answer)) {
    // The same state as the password step leaves: the login page's second step finishes the sign-in.
    await setPendingSignIn(answer.mfa_token);
    return seeOther(secondStepPath(answer.methods, flow.next));
  }
  await setSessionTokens({ access: answer.access, refresh: answer.refresh }, answer.user);
  await adoptAccountLanguage(answer.user);
  return seeOther(flow.next);
}

async function finishLink(flow: SocialFlow, code: string): Promise<Response> {
  // Django wants the token of the user who started the link; it may have expired while they were at the provider.
  const fresh = await getFreshAccessToken();
  if (fresh.kind === "signed-out") return seeOther(loginUrlFor(SECURITY_PATH));
  if (fresh.kind === "unavailable")
    return seeOther(socialErrorPath("link", "unavailable", flow.provider));
  const result = await apiSocialComplete(
    flow.provider,
    { code, state: flow.state },
    { accessToken: fresh.access },
    await getClientContext(),
  );
  if (!result.ok) {
    if (result.status === 401) {
      await clearEndedSession();
      return seeOther(loginUrlFor(SECURITY_PATH));
    }
    return failed(flow, result);
  }
  return seeOther(socialLinkedPath(flow.provider));
}

function failed(flow: SocialFlow, result: ApiFailure): Response {
  return seeOther(socialErrorPath(flow.intent, socialErrorCodeOf(result), flow.provider));
}
