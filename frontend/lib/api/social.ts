import { DEFAULT_LOCALE } from "@/i18n/config";
import "server-only";
import { createProvidersCache, type ProviderChoice, usableProviders } from "@/lib/social-providers";
import {
  type ApiResult,
  api,
  type ClientContext,
  call,
  callWithDeadline,
  type JsonBody,
  READ_TIMEOUT_MS,
  requestHeaders,
  type TokenPair,
  withHeldRefresh,
} from "./client";

/** Social sign-in and connected accounts (issue 12). */

export type SocialProvider = JsonBody<"/api/auth/social/providers/", "get", 200>[number];
export type SocialAccount = JsonBody<"/api/auth/social/accounts/", "get", 200>[number];
export type SocialStart = JsonBody<"/api/auth/social/{provider}/start/", "post", 200>;
/** The same answer as POST /api/auth/login/: tokens, or a challenge for the second step. */
export type SocialSignIn = JsonBody<"/api/auth/social/{provider}/complete/", "post", 200>;
export type SocialLinked = JsonBody<"/api/auth/social/{provider}/complete/", "post", 201>;

export function apiSocialProviders(context: ClientContext, timeoutMs?: number) {
  return call<SocialProvider[]>(
    (signal) =>
      api.GET("/api/auth/social/providers/", { headers: requestHeaders(context), signal }),
    timeoutMs,
  );
}

export function apiSocialStart(
  provider: string,
  intent: "login" | "link",
  accessToken: string | undefined,
  context: ClientContext,
) {
  return call<SocialStart>((signal) =>
    api.POST("/api/auth/social/{provider}/start/", {
      params: { path: { provider } },
      body: { intent },
      headers: requestHeaders(context, accessToken),
      signal,
    }),
  );
}

/**
 * Login answers 200 with tokens or a second-step challenge; link answers 201 with the new account. A sign-in sends
 * the refresh token the browser still holds (as the password login does), and the API ends that older session.
 */
export function apiSocialComplete(
  provider: string,
  body: { code: string; state: string },
  credentials: { accessToken?: string; heldRefresh?: string | null },
  context: ClientContext,
): Promise<ApiResult<SocialSignIn | SocialLinked>> {
  return callWithDeadline<SocialSignIn | SocialLinked>((signal, deadline) =>
    api.POST("/api/auth/social/{provider}/complete/", {
      params: { path: { provider } },
      body: withHeldRefresh(body, credentials.heldRefresh ?? null),
      headers: { ...requestHeaders(context, credentials.accessToken), ...deadline },
      signal,
    }),
  );
}

export function apiSocialAccounts(accessToken: string, context: ClientContext) {
  return call<SocialAccount[]>(
    (signal) =>
      api.GET("/api/auth/social/accounts/", {
        headers: requestHeaders(context, accessToken),
        signal,
      }),
    READ_TIMEOUT_MS,
  );
}

export function apiUnlinkSocialAccount(id: string, accessToken: string, context: ClientContext) {
  return call<TokenPair>((signal) =>
    api.DELETE("/api/auth/social/accounts/{account_id}/", {
      params: { path: { account_id: id } },
      headers: requestHeaders(context, accessToken),
      signal,
    }),
  );
}

type ProvidersCache = ReturnType<typeof createProvidersCache>;
const PROVIDERS_KEY = Symbol.for("latchkey.social-providers");

/**
 * The configured providers, cached for a minute in this server process (shared across bundles like the refresh
 * deduper); [] when none are configured or Django cannot be reached. Needs no user, so no client context is sent.
 */
export function getSocialProviders(): Promise<ProviderChoice[]> {
  const store = globalThis as typeof globalThis & { [PROVIDERS_KEY]?: ProvidersCache };
  store[PROVIDERS_KEY] ??= createProvidersCache(async () => {
    const result = await apiSocialProviders(
      { clientAddress: null, userAgent: null, language: DEFAULT_LOCALE },
      READ_TIMEOUT_MS,
    );
    return result.ok ? usableProviders(result.data) : null;
  });
  return store[PROVIDERS_KEY]();
}

export function isSocialLinked(answer: SocialSignIn | SocialLinked): answer is SocialLinked {
  return "account" in answer;
}
