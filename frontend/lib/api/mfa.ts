import "server-only";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/browser";
import type { MfaMethod } from "@/lib/mfa";
import { type AuthResponse, type ClientContext, sendJson, type TokenPair } from "./client";

/** Two-factor, passkeys and step-up re-authentication (issue 11). */

export type Passkey = {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
};

export type MfaOverview = {
  totp: { enabled: boolean };
  recovery_codes: { total: number; remaining: number };
  passkeys: Passkey[];
  reauthenticated_until: string | null;
  second_factor_until: string | null;
};

/** Login's answer for an account with a second factor: no tokens yet, a token for the second step instead. */
export type MfaChallenge = { mfa_required: true; mfa_token: string; methods: MfaMethod[] };

export type TotpSetup = { secret: string; otpauth_uri: string; qr_svg: string };
export type TotpConfirmed = TokenPair & { recovery_codes: string[] };
export type RecoveryCodes = { recovery_codes: string[] };
export type PasskeyAdded = TokenPair & { passkey: Passkey; recovery_codes: string[] };
export type Reauthenticated = TokenPair & { reauthenticated_until: string };
export type RequestOptions = { options: PublicKeyCredentialRequestOptionsJSON };
export type PasswordlessOptions = RequestOptions & { challenge_token: string };

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

export function isMfaChallenge(answer: AuthResponse | MfaChallenge): answer is MfaChallenge {
  return "mfa_required" in answer && answer.mfa_required === true;
}

function withHeldRefresh<T extends object>(body: T, heldRefresh: string | null) {
  return heldRefresh ? { ...body, refresh: heldRefresh } : body;
}

// ---- Login -------------------------------------------------------------------------------------------------------

export function apiLoginMfaOptions(mfaToken: string, context: ClientContext) {
  return sendJson<RequestOptions>("POST", "/api/auth/login/mfa/options/", {
    body: { mfa_token: mfaToken },
    context,
  });
}

export function apiLoginMfa(
  mfaToken: string,
  proof: SecondFactorProof,
  heldRefresh: string | null,
  context: ClientContext,
) {
  return sendJson<AuthResponse>("POST", "/api/auth/login/mfa/", {
    body: withHeldRefresh({ mfa_token: mfaToken, ...proof }, heldRefresh),
    context,
  });
}

export function apiPasskeyLoginOptions(context: ClientContext) {
  return sendJson<PasswordlessOptions>("POST", "/api/auth/passkeys/login/options/", { context });
}

export function apiPasskeyLogin(
  challengeToken: string,
  credential: AuthenticationResponseJSON,
  heldRefresh: string | null,
  context: ClientContext,
) {
  return sendJson<AuthResponse>("POST", "/api/auth/passkeys/login/", {
    body: withHeldRefresh({ challenge_token: challengeToken, credential }, heldRefresh),
    context,
  });
}

// ---- Factors and step-up -----------------------------------------------------------------------------------------

export function apiGetMfaOverview(accessToken: string, context: ClientContext) {
  return sendJson<MfaOverview>("GET", "/api/auth/mfa/", { accessToken, context });
}

export function apiReauthenticate(proof: ReauthProof, accessToken: string, context: ClientContext) {
  return sendJson<Reauthenticated>("POST", "/api/auth/reauthenticate/", {
    body: proof,
    accessToken,
    context,
  });
}

export function apiReauthenticateOptions(accessToken: string, context: ClientContext) {
  return sendJson<RequestOptions>("POST", "/api/auth/reauthenticate/options/", {
    accessToken,
    context,
  });
}

export function apiTotpSetup(accessToken: string, context: ClientContext) {
  return sendJson<TotpSetup>("POST", "/api/auth/mfa/totp/setup/", { accessToken, context });
}

export function apiTotpConfirm(code: string, accessToken: string, context: ClientContext) {
  return sendJson<TotpConfirmed>("POST", "/api/auth/mfa/totp/confirm/", {
    body: { code },
    accessToken,
    context,
  });
}

export function apiTotpDisable(accessToken: string, context: ClientContext) {
  return sendJson<TokenPair>("DELETE", "/api/auth/mfa/totp/", { accessToken, context });
}

export function apiRegenerateRecoveryCodes(accessToken: string, context: ClientContext) {
  return sendJson<RecoveryCodes>("POST", "/api/auth/mfa/recovery-codes/", {
    accessToken,
    context,
  });
}

export function apiPasskeyRegisterOptions(accessToken: string, context: ClientContext) {
  return sendJson<PublicKeyCredentialCreationOptionsJSON>(
    "POST",
    "/api/auth/passkeys/register/options/",
    { accessToken, context },
  );
}

export function apiAddPasskey(
  body: { credential: RegistrationResponseJSON; name?: string },
  accessToken: string,
  context: ClientContext,
) {
  return sendJson<PasskeyAdded>("POST", "/api/auth/passkeys/", { body, accessToken, context });
}

export function apiRenamePasskey(
  id: string,
  name: string,
  accessToken: string,
  context: ClientContext,
) {
  return sendJson<Passkey>("PATCH", `/api/auth/passkeys/${encodeURIComponent(id)}/`, {
    body: { name },
    accessToken,
    context,
  });
}

export function apiRemovePasskey(id: string, accessToken: string, context: ClientContext) {
  return sendJson<TokenPair>("DELETE", `/api/auth/passkeys/${encodeURIComponent(id)}/`, {
    accessToken,
    context,
  });
}
