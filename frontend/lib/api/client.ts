import "server-only";
import { unstable_rethrow } from "next/navigation";
import createClient from "openapi-fetch";
import { apiLanguage, localeFromHeaders } from "@/i18n/locale";
import { vouchedClientAddress } from "@/lib/client-address";
import { env } from "@/lib/env";
import { isRequestId, REQUEST_ID_HEADER } from "@/lib/request-id";
import { serverLog } from "@/lib/server-log";
import { socketPeerFrom } from "@/lib/socket-peer";
import {
  type ApiErrorDetail,
  type ApiFailure,
  DEADLINE_EXCEEDED_CODE,
  parseRetryAfter,
  SIGN_IN_TIMED_OUT_MESSAGE,
} from "./errors";
import type { paths } from "./schema.gen";

export type JsonBody<
  Path extends keyof paths,
  Method extends "get" | "post" | "patch" | "delete",
  Status extends number,
> = paths[Path][Method] extends {
  responses: { [S in Status]: { content: { "application/json": infer T } } };
}
  ? T
  : never;

export type User = JsonBody<"/api/auth/me/", "get", 200>;
/** What a sign-in yields: the user and a token pair. */
export type AuthResponse = JsonBody<"/api/auth/login/mfa/", "post", 200>;
/** The password step: signed in, or (for an account with a second factor) a challenge for the next step. */
export type LoginResponse = JsonBody<"/api/auth/login/", "post", 200>;
/** Without tokens when the backend requires a verified email before the first sign-in. */
export type RegisterResponse = JsonBody<"/api/auth/register/", "post", 201>;
export type TokenPair = JsonBody<"/api/auth/refresh/", "post", 200>;
export type Accepted = JsonBody<"/api/auth/password/reset/", "post", 202>;
export type Session = JsonBody<"/api/auth/sessions/", "get", 200>[number];
export type SecurityEvent = JsonBody<"/api/auth/events/", "get", 200>[number];
export type UserExport = JsonBody<"/api/auth/me/export/", "get", 200>;
export type RevokedCount = JsonBody<"/api/auth/sessions/revoke-others/", "post", 200>;
/** What an emailed link did; opening it again says it was already done rather than failing. */
export type LinkOutcome = JsonBody<"/api/auth/email/verify/", "post", 200>;

export type ApiResult<T> = { ok: true; status: number; data: T } | ApiFailure;

/** What Django needs to know about the browser behind this server-to-server call (rate limits, audit). */
export type ClientContext = {
  /** The one address this server vouches for; null sends none, and Django then counts this server's own. */
  clientAddress: string | null;
  userAgent: string | null;
  /** The page's language (i18n/locale.ts), so Django answers with messages in it and stores it at signup. */
  language: string;
  /** The id of the request being served (lib/request-log.ts), so Django logs under the same one; null outside one. */
  requestId?: string | null;
};

let missingPeerReported = false;

export function clientContextFrom(headers: Headers): ClientContext {
  const peer = socketPeerFrom(headers);
  if (peer === null && !missingPeerReported) {
    missingPeerReported = true;
    serverLog().error(
      "No socket peer stamp on the request (instrumentation.ts not loaded?): Django will see this server's address",
    );
  }
  const clientAddress =
    peer === null
      ? null
      : vouchedClientAddress({
          peer,
          forwardedFor: headers.get("x-forwarded-for"),
          hops: env.trustedProxyHops,
        });
  return {
    clientAddress,
    userAgent: headers.get("user-agent"),
    language: apiLanguage(localeFromHeaders(headers)),
    // Set by this server's HTTP hook before Next.js sees the request, whatever the client sent.
    requestId: isRequestId(headers.get(REQUEST_ID_HEADER)) ? headers.get(REQUEST_ID_HEADER) : null,
  };
}

// Next's patched fetch drops the body of a Request object, so the request is unpacked into url + init.
async function sendUnpacked(request: Request): Promise<Response> {
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: hasBody ? await request.text() : undefined,
    signal: request.signal,
    cache: "no-store",
    redirect: "manual",
  });
}

// Exported for the other endpoint modules of lib/api (mfa.ts); pages and actions use the functions.
export const api = createClient<paths>({
  baseUrl: env.apiUrl,
  fetch: sendUnpacked,
  headers: { Accept: "application/json" },
});

export function requestHeaders(
  context: ClientContext,
  accessToken?: string,
): Record<string, string> {
  const headers: Record<string, string> = {};
  // Exactly one address: Django, trusting this server (DJANGO_TRUSTED_PROXIES), takes it as the client.
  if (context.clientAddress) headers["X-Forwarded-For"] = context.clientAddress;
  if (context.userAgent) headers["User-Agent"] = context.userAgent;
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  headers["Accept-Language"] = context.language;
  if (context.requestId) headers["X-Request-ID"] = context.requestId;
  return headers;
}

function isErrorDetail(value: unknown): value is ApiErrorDetail {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.code === "string" &&
    typeof candidate.message === "string" &&
    (candidate.param === undefined || typeof candidate.param === "string")
  );
}

function toFailure(response: Response, body: unknown): ApiFailure {
  const errors =
    typeof body === "object" &&
    body !== null &&
    Array.isArray((body as { errors?: unknown }).errors)
      ? (body as { errors: unknown[] }).errors.filter(isErrorDetail)
      : [];
  return {
    ok: false,
    status: response.status,
    errors,
    retryAfter: parseRetryAfter(response.headers.get("retry-after")),
  };
}

const unreachable: ApiFailure = {
  ok: false,
  status: 0,
  errors: [{ code: "unreachable", message: "The backend could not be reached." }],
  retryAfter: null,
};

/**
 * The bound on reads that a page render waits for (the user, sessions, events, keys): with the backend hung, a
 * page fails after this and shows its error state, instead of after API_TIMEOUT_MS per call. Aborting a read
 * loses nothing; writes keep API_TIMEOUT_MS, since one abandoned midway may still complete.
 */
export const READ_TIMEOUT_MS = Math.min(env.apiTimeoutMs, 3_000);

export async function call<T>(
  send: (signal: AbortSignal) => Promise<{ data?: T; error?: unknown; response: Response }>,
  timeoutMs: number = env.apiTimeoutMs,
): Promise<ApiResult<T>> {
  try {
    const { data, error, response } = await send(AbortSignal.timeout(timeoutMs));
    if (response.ok) {
      return { ok: true, status: response.status, data: data as T };
    }
    return toFailure(response, error);
  } catch (error) {
    // Next.js signals "this render is dynamic" (at build time) and redirects by throwing: those are not failures.
    unstable_rethrow(error);
    serverLog().error("API request failed", {
      error: error instanceof Error ? error.message : String(error),
    });
    return unreachable;
  }
}

/** Unix milliseconds after which Django refuses to start a session for this request (backend core.deadline). */
export const DEADLINE_HEADER = "X-Request-Deadline";

type Send<T> = (
  signal: AbortSignal,
  deadline: Record<string, string>,
) => Promise<{ data?: T; error?: unknown; response: Response }>;

/**
 * A call that ends in a sign-in. This server stops waiting after `timeoutMs`, and tells Django that very moment:
 * a request still queued behind a slow Django when the user is told it failed must not start a session later
 * (the user would find a sign-in they never got in their sessions list). Django refuses a little before the
 * deadline (its skew margin), so an answer it sends in time arrives before this server gives up.
 */
export async function callWithDeadline<T>(
  send: Send<T>,
  timeoutMs: number = env.apiTimeoutMs,
  now: () => number = Date.now,
): Promise<ApiResult<T>> {
  const deadline = now() + timeoutMs;
  const result = await call<T>(
    (signal) => send(signal, { [DEADLINE_HEADER]: String(deadline) }),
    timeoutMs,
  );
  if (!result.ok && result.status === 0 && now() >= deadline) {
    // Timed out rather than refused a connection: say so, and that no session was left behind.
    return {
      ...result,
      errors: [{ code: DEADLINE_EXCEEDED_CODE, message: SIGN_IN_TIMED_OUT_MESSAGE }],
    };
  }
  return result;
}

// Login and signup send the refresh token the browser still holds, if any, and the API ends that older session.
// Without it, signing in again from a stale login form (another tab signed in meanwhile) left two sessions.
export function withHeldRefresh<T extends object>(body: T, heldRefresh: string | null) {
  return heldRefresh ? { ...body, refresh: heldRefresh } : body;
}

export function apiRegister(
  body: { email: string; password: string; name: string },
  heldRefresh: string | null,
  context: ClientContext,
) {
  return callWithDeadline<RegisterResponse>((signal, deadline) =>
    api.POST("/api/auth/register/", {
      body: withHeldRefresh(body, heldRefresh),
      headers: { ...requestHeaders(context), ...deadline },
      signal,
    }),
  );
}

export function apiLogin(
  body: { email: string; password: string },
  heldRefresh: string | null,
  context: ClientContext,
) {
  return callWithDeadline<LoginResponse>((signal, deadline) =>
    api.POST("/api/auth/login/", {
      body: withHeldRefresh(body, heldRefresh),
      headers: { ...requestHeaders(context), ...deadline },
      signal,
    }),
  );
}

export function apiRefresh(refresh: string, context: ClientContext) {
  return call<TokenPair>((signal) =>
    api.POST("/api/auth/refresh/", { body: { refresh }, headers: requestHeaders(context), signal }),
  );
}

export function apiLogout(refresh: string, context: ClientContext) {
  return call<unknown>((signal) =>
    api.POST("/api/auth/logout/", {
      body: { refresh },
      headers: requestHeaders(context),
      parseAs: "text",
      signal,
    }),
  );
}

export function apiGetMe(accessToken: string, context: ClientContext) {
  return call<User>(
    (signal) => api.GET("/api/auth/me/", { headers: requestHeaders(context, accessToken), signal }),
    READ_TIMEOUT_MS,
  );
}

// ---- Account lifecycle ----------------------------------------------------------------------------------------
// Endpoints answering 204 are read as text: there is no JSON body to parse.

export function apiUpdateMe(body: { name: string }, accessToken: string, context: ClientContext) {
  return call<User>((signal) =>
    api.PATCH("/api/auth/me/", { body, headers: requestHeaders(context, accessToken), signal }),
  );
}

/** Saves the chosen language so emails follow it; an unknown language answers 400, which the caller ignores. */
export function apiUpdateLanguage(
  language: NonNullable<JsonBody<"/api/auth/me/", "patch", 200>["language"]>,
  accessToken: string,
  context: ClientContext,
) {
  return call<User>((signal) =>
    api.PATCH("/api/auth/me/", {
      body: { language },
      headers: requestHeaders(context, accessToken),
      signal,
    }),
  );
}

export function apiDeleteMe(
  body: { current_password: string },
  accessToken: string,
  context: ClientContext,
) {
  return call<unknown>((signal) =>
    api.DELETE("/api/auth/me/", {
      body,
      headers: requestHeaders(context, accessToken),
      parseAs: "text",
      signal,
    }),
  );
}

export function apiExportMe(accessToken: string, context: ClientContext) {
  return call<UserExport>((signal) =>
    api.GET("/api/auth/me/export/", { headers: requestHeaders(context, accessToken), signal }),
  );
}

export function apiVerifyEmail(body: { key: string }, context: ClientContext) {
  return call<LinkOutcome>((signal) =>
    api.POST("/api/auth/email/verify/", { body, headers: requestHeaders(context), signal }),
  );
}

export function apiResendVerification(accessToken: string, context: ClientContext) {
  return call<Accepted>((signal) =>
    api.POST("/api/auth/email/verify/resend/", {
      headers: requestHeaders(context, accessToken),
      signal,
    }),
  );
}

export function apiRequestPasswordReset(body: { email: string }, context: ClientContext) {
  return call<Accepted>((signal) =>
    api.POST("/api/auth/password/reset/", { body, headers: requestHeaders(context), signal }),
  );
}

/** A new reset link for an expired one, mailed to the address the old one was sent to (202 whatever the mail). */
export function apiResendPasswordReset(
  body: { uid: string; token: string },
  context: ClientContext,
) {
  return call<Accepted>((signal) =>
    api.POST("/api/auth/password/reset/resend/", {
      body,
      headers: requestHeaders(context),
      signal,
    }),
  );
}

export function apiConfirmPasswordReset(
  body: { uid: string; token: string; new_password: string },
  context: ClientContext,
) {
  return call<unknown>((signal) =>
    api.POST("/api/auth/password/reset/confirm/", {
      body,
      headers: requestHeaders(context),
      parseAs: "text",
      signal,
    }),
  );
}

export function apiChangePassword(
  body: { current_password: string; new_password: string },
  accessToken: string,
  context: ClientContext,
) {
  return call<TokenPair>((signal) =>
    api.POST("/api/auth/password/change/", {
      body,
      headers: requestHeaders(context, accessToken),
      signal,
    }),
  );
}

export function apiRequestEmailChange(
  body: { new_email: string; current_password: string },
  accessToken: string,
  context: ClientContext,
) {
  return call<Accepted>((signal) =>
    api.POST("/api/auth/email/change/", {
      body,
      headers: requestHeaders(context, accessToken),
      signal,
    }),
  );
}

export function apiConfirmEmailChange(body: { key: string }, context: ClientContext) {
  return call<LinkOutcome>((signal) =>
    api.POST("/api/auth/email/change/confirm/", { body, headers: requestHeaders(context), signal }),
  );
}

// ---- Sessions and security events -------------------------------------------------------------------------------

export function apiListSessions(accessToken: string, context: ClientContext) {
  return call<Session[]>(
    (signal) =>
      api.GET("/api/auth/sessions/", { headers: requestHeaders(context, accessToken), signal }),
    READ_TIMEOUT_MS,
  );
}

export function apiRevokeSession(sessionId: string, accessToken: string, context: ClientContext) {
  return call<unknown>((signal) =>
    api.DELETE("/api/auth/sessions/{session_id}/", {
      params: { path: { session_id: sessionId } },
      headers: requestHeaders(context, accessToken),
      parseAs: "text",
      signal,
    }),
  );
}

export function apiRevokeOtherSessions(accessToken: string, context: ClientContext) {
  return call<RevokedCount>((signal) =>
    api.POST("/api/auth/sessions/revoke-others/", {
      headers: requestHeaders(context, accessToken),
      signal,
    }),
  );
}

export function apiListSecurityEvents(accessToken: string, context: ClientContext) {
  return call<SecurityEvent[]>(
    (signal) =>
      api.GET("/api/auth/events/", { headers: requestHeaders(context, accessToken), signal }),
    READ_TIMEOUT_MS,
  );
}
