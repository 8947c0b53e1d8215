import "server-only";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/browser";
import {
  type ApiResult,
  type AuthResponse,
  api,
  type ClientContext,
  call,
  callWithDeadline,
  type JsonBody,
  type LoginResponse,
  READ_TIMEOUT_MS,
  requestHeaders,
  type TokenPair,
  withHeldRefresh,
} from "./client";

/** Two-factor, passkeys and step-up re-authentication (issue 11). */

export type MfaOverview = JsonBody<"/api/auth/mfa/", "get", 200>;
export type Passkey = MfaOverview["passkeys"][number];
/** Login's answer for an account with a second factor: no tokens yet, a token for the second step instead. */
export type MfaChallenge = Extract<LoginResponse, { mfa_required: boolean }>;
export type TotpSetup = JsonBody<"/api/auth/mfa/totp/setup/", "post", 200>;
export type TotpConfirmed = JsonBody<"/api/auth/mfa/totp/confirm/", "post", 200>;
export type RecoveryCodes = JsonBody<"/api/auth/mfa/recovery-codes/", "post", 200>;
export type PasskeyAdded = JsonBody<"/api/auth/passkeys/", "post", 201>;
export type Reauthenticated = JsonBody<"/api/auth/reauthenticate/", "post", 200>;

// The schema types WebAuthn JSON as `unknown` (py_webauthn's options_to_json builds it); these name what it is.
export type RequestOptions = { options: PublicKeyCredentialRequestOptionsJSON };
export type PasswordlessOptions = RequestOptions & { challenge_token: string };

function asWebAuthn<T>(result: ApiResult<unknown>): ApiResult<T> {
  return result as ApiResult<T>;
}

/** Exactly one proof of identity, as POST /api/auth/reauthenticate/ takes it. */
export type ReauthProof =
  | { password: string }
  | { code: string }
  | { recovery_code: string }
  | { credential: AuthenticationResponseJSON };

/** What the second login step sends along with the mfa_token. */
export type SecondFactorProof =
  | { code: string }
  | { recovery_code: string }
  | { credential: AuthenticationResponseJSON };

export function isMfaChallenge(answer: LoginResponse): answer is MfaChallenge {
  return "mfa_required" in answer && answer.mfa_required === true;
}

// ---- Login -------------------------------------------------------------------------------------------------------

export async function apiLoginMfaOptions(mfaToken: string, context: ClientContext) {
  return asWebAuthn<RequestOptions>(
    await call((signal) =>
      api.POST("/api/auth/login/mfa/options/", {
        body: { mfa_token: mfaToken },
        headers: requestHeaders(context),
        signal,
      }),
    ),
  );
}

export function apiLoginMfa(
  mfaToken: string,
  proof: SecondFactorProof,
  heldRefresh: string | null,
  context: ClientContext,
) {
  return callWithDeadline<AuthResponse>((signal, deadline) =>
    api.POST("/api/auth/login/mfa/", {
      body: withHeldRefresh({ mfa_token: mfaToken, ...proof }, heldRefresh),
      headers: { ...requestHeaders(context), ...deadline },
      signal,
    }),
  );
}

export async function apiPasskeyLoginOptions(context: ClientContext) {
  return asWebAuthn<PasswordlessOptions>(
    await call((signal) =>
      api.POST("/api/auth/passkeys/login/options/", { headers: requestHeaders(context), signal }),
    ),
  );
}

export function apiPasskeyLogin(
  challengeToken: string,
  credential: AuthenticationResponseJSON,
  heldRefresh: string | null,
  context: ClientContext,
) {
  return callWithDeadline<AuthResponse>((signal, deadline) =>
    api.POST("/api/auth/passkeys/login/", {
      body: withHeldRefresh({ challenge_token: challengeToken, credential }, heldRefresh),
      headers: { ...requestHeaders(context), ...deadline },
      signal,
    }),
  );
}

// ---- Factors and step-up -----------------------------------------------------------------------------------------

export function apiGetMfaOverview(accessToken: string, context: ClientContext) {
  return call<MfaOverview>(
    (signal) =>
      api.GET("/api/auth/mfa/", { headers: requestHeaders(context, accessToken), signal }),
    READ_TIMEOUT_MS,
  );
}

export function apiReauthenticate(proof: ReauthProof, accessToken: string, context: ClientContext) {
  return call<Reauthenticated>((signal) =>
    api.POST("/api/auth/reauthenticate/", {
      body: proof,
      headers: requestHeaders(context, accessToken),
      signal,
    }),
  );
}

export async function apiReauthenticateOptions(accessToken: string, context: ClientContext) {
  return asWebAuthn<RequestOptions>(
    await call((signal) =>
      api.POST("/api/auth/reauthenticate/options/", {
        headers: requestHeaders(context, accessToken),
        signal,
      }),
    ),
  );
}

export function apiTotpSetup(accessToken: string, context: ClientContext) {
  return call<TotpSetup>((signal) =>
    api.POST("/api/auth/mfa/totp/setup/", {
      headers: requestHeaders(context, accessToken),
      signal,
    }),
  );
}

export function apiTotpConfirm(code: string, accessToken: string, context: ClientContext) {
  return call<TotpConfirmed>((signal) =>
    api.POST("/api/auth/mfa/totp/confirm/", {
      body: { code },
      headers: requestHeaders(context, accessToken),
      signal,
    }),
  );
}

export function apiTotpDisable(accessToken: string, context: ClientContext) {
  return call<TokenPair>((signal) =>
    api.DELETE("/api/auth/mfa/totp/", { headers: requestHeaders(context, accessToken), signal }),
  );
}

export function apiRegenerateRecoveryCodes(accessToken: string, context: ClientContext) {
  return call<RecoveryCodes>((signal) =>
    api.POST("/api/auth/mfa/recovery-codes/", {
      headers: requestHeaders(context, accessToken),
      signal,
    }),
  );
}

export async function apiPasskeyRegisterOptions(accessToken: string, context: ClientContext) {
  return asWebAuthn<PublicKeyCredentialCreationOptionsJSON>(
    await call((signal) =>
      api.POST("/api/auth/passkeys/register/options/", {
        headers: requestHeaders(context, accessToken),
        signal,
      }),
    ),
  );
}

export function apiAddPasskey(
  body: { credential: RegistrationResponseJSON; name?: string },
  accessToken: string,
  context: ClientContext,
) {
  return call<PasskeyAdded>((signal) =>
    api.POST("/api/auth/passkeys/", {
      body: { credential: body.credential, name: body.name ?? "" },
      headers: requestHeaders(context, accessToken),
      signal,
    }),
  );
}

export function apiRenamePasskey(
  id: string,
  name: string,
  accessToken: string,
  context: ClientContext,
) {
  return call<Passkey>((signal) =>
    api.PATCH("/api/auth/passkeys/{passkey_id}/", {
      params: { path: { passkey_id: id } },
      body: { name },
      headers: requestHeaders(context, accessToken),
      signal,
    }),
  );
}

export function apiRemovePasskey(id: string, accessToken: string, context: ClientContext) {
  return call<TokenPair>((signal) =>
    api.DELETE("/api/auth/passkeys/{passkey_id}/", {
      params: { path: { passkey_id: id } },
      headers: requestHeaders(context, accessToken),
      signal,
    }),
  );
}
