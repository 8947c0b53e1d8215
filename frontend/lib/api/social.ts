import "server-only";
import type { Client } from "openapi-fetch";
import { createProvidersCache, type ProviderChoice, usableProviders } from "@/lib/social-providers";
import {
  type ApiResult,
  api,
  type ClientContext,
  call,
  type LoginResponse,
  READ_TIMEOUT_MS,
  requestHeaders,
  type TokenPair,
} from "./client";

/** Social sign-in and connected accounts (issue 12). */

// TODO(schema): these endpoints are not in schema.gen.ts yet. After `make client`, delete SocialPaths and the
// types under it, derive them with JsonBody (SocialProvider = JsonBody<"/api/auth/social/providers/", "get",
// 200>[number], and so on), check the path parameter names, and call `api` directly instead of `socialApi`.
export type SocialProvider = { id: string; label: string };
export type SocialAccount = {
  id: string;
  provider: string;
  label: string;
  email: string;
  created_at: string;
  last_used_at: string | null;
};
export type SocialStart = { authorization_url: string; state: string; expires_in: number };
export type SocialLinked = { account: Omit<SocialAccount, "last_used_at"> };
/** The same answer as POST /api/auth/login/: tokens, or a challenge for the second step. */
export type SocialSignIn = LoginResponse;

type Json<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };
type NoParameters = { query?: never; header?: never; path?: never; cookie?: never };
type PathParameters<P> = { query?: never; header?: never; path: P; cookie?: never };

type SocialPaths = {
  "/api/auth/social/providers/": {
    parameters: NoParameters;
    get: {
      parameters: NoParameters;
      requestBody?: never;
      responses: { 200: Json<SocialProvider[]> };
    };
  };
  "/api/auth/social/{provider}/start/": {
    parameters: NoParameters;
    post: {
      parameters: PathParameters<{ provider: string }>;
      requestBody: { content: { "application/json": { intent: "login" | "link" } } };
      responses: { 200: Json<SocialStart> };
    };
  };
  "/api/auth/social/{provider}/complete/": {
    parameters: NoParameters;
    post: {
      parameters: PathParameters<{ provider: string }>;
      requestBody: { content: { "application/json": { code: string; state: string } } };
      responses: { 200: Json<SocialSignIn>; 201: Json<SocialLinked> };
    };
  };
  "/api/auth/social/accounts/": {
    parameters: NoParameters;
    get: {
      parameters: NoParameters;
      requestBody?: never;
      responses: { 200: Json<SocialAccount[]> };
    };
  };
  "/api/auth/social/accounts/{account_id}/": {
    parameters: NoParameters;
    delete: {
      parameters: PathParameters<{ account_id: string }>;
      requestBody?: never;
      responses: { 200: Json<TokenPair> };
    };
  };
};

// The one client (same base URL, fetch and headers), seen through the local paths until the schema has them.
const socialApi = api as unknown as Client<SocialPaths>;

export function apiSocialProviders(context: ClientContext, timeoutMs?: number) {
  return call<SocialProvider[]>(
    (signal) =>
      socialApi.GET("/api/auth/social/providers/", { headers: requestHeaders(context), signal }),
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
    socialApi.POST("/api/auth/social/{provider}/start/", {
      params: { path: { provider } },
      body: { intent },
      headers: requestHeaders(context, accessToken),
      signal,
    }),
  );
}

/** Login answers 200 with tokens or a second-step challenge; link answers 201 with the new account. */
export function apiSocialComplete(
  provider: string,
  body: { code: string; state: string },
  accessToken: string | undefined,
  context: ClientContext,
): Promise<ApiResult<SocialSignIn | SocialLinked>> {
  return call<SocialSignIn | SocialLinked>((signal) =>
    socialApi.POST("/api/auth/social/{provider}/complete/", {
      params: { path: { provider } },
      body,
      headers: requestHeaders(context, accessToken),
      signal,
    }),
  );
}

export function apiSocialAccounts(accessToken: string, context: ClientContext) {
  return call<SocialAccount[]>(
    (signal) =>
      socialApi.GET("/api/auth/social/accounts/", {
        headers: requestHeaders(context, accessToken),
        signal,
      }),
    READ_TIMEOUT_MS,
  );
}

export function apiUnlinkSocialAccount(id: string, accessToken: string, context: ClientContext) {
  return call<TokenPair>((signal) =>
    socialApi.DELETE("/api/auth/social/accounts/{account_id}/", {
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
      { clientAddress: null, userAgent: null },
      READ_TIMEOUT_MS,
    );
    return result.ok ? usableProviders(result.data) : null;
  });
  return store[PROVIDERS_KEY]();
}

export function isSocialLinked(answer: SocialSignIn | SocialLinked): answer is SocialLinked {
  return "account" in answer;
}
