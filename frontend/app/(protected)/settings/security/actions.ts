"use server";

import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/browser";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import type { ApiResult, ClientContext, TokenPair } from "@/lib/api/client";
import { isReauthRequired, toFormErrors } from "@/lib/api/errors";
import {
  apiAddPasskey,
  apiGetMfaOverview,
  apiPasskeyRegisterOptions,
  apiReauthenticate,
  apiReauthenticateOptions,
  apiRegenerateRecoveryCodes,
  apiRemovePasskey,
  apiRenamePasskey,
  apiTotpConfirm,
  apiTotpDisable,
  apiTotpSetup,
  type ReauthProof,
} from "@/lib/api/mfa";
import { apiUnlinkSocialAccount } from "@/lib/api/social";
import { caller, endIfSignedOut } from "@/lib/caller";
import { text } from "@/lib/form-data";
import {
  type FormState,
  type PasskeyNameField,
  type PasskeyOptionsResult,
  REAUTH_FIELDS,
  type ReauthField,
  type StepUpResult,
  type TotpConfirmField,
} from "@/lib/form-state";
import { SECURITY_PATH } from "@/lib/routes";
import { setSessionTokens } from "@/lib/session";
import { validationMessage } from "@/lib/validations/messages";
import {
  authenticationCredential,
  newPasskeyName,
  passkeyName,
  reauthPassword,
  recoveryCode,
  registrationCredential,
  totpCode,
} from "@/lib/validations/mfa";

const passkeyId = z.uuid();
async function gone(): Promise<StepUpResult<never>> {
  const t = await getTranslations("passkey");
  return { kind: "failed", fieldErrors: {}, formErrors: [t("gone")] };
}

/**
 * Calls a sensitive endpoint for the signed-in user. A 403 reauthentication_required becomes `{kind: "reauth"}`
 * so the page can ask for a fresh proof and call again; `done` runs only on success.
 */
async function sensitive<T, R, Field extends string = never>(
  send: (access: string, context: ClientContext) => Promise<ApiResult<T>>,
  done: (data: T) => Promise<R>,
  fields: readonly Field[] = [],
): Promise<StepUpResult<R, Field>> {
  const { access, context } = await caller(SECURITY_PATH);
  const result = await send(access, context);
  if (!result.ok) {
    if (isReauthRequired(result)) return { kind: "reauth" };
    await endIfSignedOut(result, SECURITY_PATH);
    return { kind: "failed", ...(await toFormErrors(result, fields)) };
  }
  return { kind: "done", data: await done(result.data) };
}

/** Turning a factor on or off ends every other session; this one goes on with the pair in the answer. */
async function continueSession(tokens: TokenPair): Promise<void> {
  await setSessionTokens({ access: tokens.access, refresh: tokens.refresh });
  revalidatePath(SECURITY_PATH);
}

function invalid<Field extends string>(
  fieldErrors: Partial<Record<Field, string[]>>,
): StepUpResult<never, Field> {
  return { kind: "failed", fieldErrors, formErrors: [] };
}

// ---- Step-up ---------------------------------------------------------------------------------------------------------

async function reauthProof(
  formData: FormData,
): Promise<{ ok: true; proof: ReauthProof } | { ok: false; errors: FormState<ReauthField> }> {
  const failed = async (error: z.ZodError, field: ReauthField) => ({
    ok: false as const,
    errors: {
      fieldErrors: { [field]: [await validationMessage(error.issues[0]?.message)] },
      formErrors: [],
      values: {},
    },
  });
  switch (text(formData, "method")) {
    case "totp": {
      const parsed = totpCode.safeParse(text(formData, "code"));
      return parsed.success
        ? { ok: true, proof: { code: parsed.data } }
        : failed(parsed.error, "code");
    }
    case "recovery_code": {
      const parsed = recoveryCode.safeParse(text(formData, "recovery_code"));
      return parsed.success
        ? { ok: true, proof: { recovery_code: parsed.data } }
        : failed(parsed.error, "recovery_code");
    }
    default: {
      const parsed = reauthPassword.safeParse(text(formData, "password"));
      return parsed.success
        ? { ok: true, proof: { password: parsed.data } }
        : failed(parsed.error, "password");
    }
  }
}

async function reauthenticateWith(proof: ReauthProof): Promise<FormState<ReauthField>> {
  const { access, context } = await caller(SECURITY_PATH);
  const result = await apiReauthenticate(proof, access, context);
  if (!result.ok) {
    await endIfSignedOut(result, SECURITY_PATH);
    return { ...(await toFormErrors(result, REAUTH_FIELDS)), values: {} };
  }
  // A new pair (ASVS 7.2.4). No revalidation: the action that asked for this runs next and refreshes the page.
  await setSessionTokens({ access: result.data.access, refresh: result.data.refresh });
  return { fieldErrors: {}, formErrors: [], values: {}, done: true };
}

/** The step-up dialog's form: the password, a TOTP code or a recovery code, as `method` says. */
export async function reauthenticate(
  _previous: FormState<ReauthField>,
  formData: FormData,
): Promise<FormState<ReauthField>> {
  const parsed = await reauthProof(formData);
  if (!parsed.ok) return parsed.errors;
  return reauthenticateWith(parsed.proof);
}

export async function reauthenticationPasskeyOptions(): Promise<
  PasskeyOptionsResult<PublicKeyCredentialRequestOptionsJSON>
> {
  const { access, context } = await caller(SECURITY_PATH);
  const result = await apiReauthenticateOptions(access, context);
  if (!result.ok) {
    await endIfSignedOut(result, SECURITY_PATH);
    return { ok: false, formErrors: (await toFormErrors(result, [])).formErrors };
  }
  return { ok: true, options: result.data.options };
}

export async function reauthenticateWithPasskey(
  credential: AuthenticationResponseJSON,
): Promise<FormState<ReauthField>> {
  const parsed = authenticationCredential.safeParse(credential);
  if (!parsed.success) {
    return {
      fieldErrors: {},
      formErrors: [(await getTranslations("passkey"))("failed")],
      values: {},
    };
  }
  return reauthenticateWith({ credential: parsed.data });
}

// ---- Authenticator app ---------------------------------------------------------------------------------------------

export async function startTotpSetup(): Promise<StepUpResult<{ secret: string; qrSvg: string }>> {
  return sensitive(apiTotpSetup, async ({ secret, qr_svg }) => ({ secret, qrSvg: qr_svg }));
}

export async function confirmTotp(
  code: string,
): Promise<StepUpResult<{ recoveryCodes: string[] }, TotpConfirmField>> {
  const parsed = totpCode.safeParse(code);
  if (!parsed.success)
    return invalid({ code: [await validationMessage(parsed.error.issues[0]?.message)] });
  return sensitive(
    (access, context) => apiTotpConfirm(parsed.data, access, context),
    async (answer) => {
      await continueSession(answer);
      return { recoveryCodes: answer.recovery_codes };
    },
    ["code"],
  );
}

export async function disableTotp(): Promise<StepUpResult<null>> {
  return sensitive(apiTotpDisable, async (tokens) => {
    await continueSession(tokens);
    return null;
  });
}

export async function regenerateRecoveryCodes(): Promise<
  StepUpResult<{ recoveryCodes: string[] }>
> {
  return sensitive(apiRegenerateRecoveryCodes, async ({ recovery_codes }) => {
    revalidatePath(SECURITY_PATH);
    return { recoveryCodes: recovery_codes };
  });
}

// ---- Passkeys --------------------------------------------------------------------------------------------------------

export async function passkeyRegistrationOptions(): Promise<
  StepUpResult<PublicKeyCredentialCreationOptionsJSON>
> {
  return sensitive(apiPasskeyRegisterOptions, async (options) => options);
}

export async function addPasskey(
  credential: RegistrationResponseJSON,
  name: string,
): Promise<StepUpResult<{ recoveryCodes: string[] }, PasskeyNameField>> {
  const parsedName = newPasskeyName.safeParse(name);
  if (!parsedName.success) {
    return invalid({ name: [await validationMessage(parsedName.error.issues[0]?.message)] });
  }
  const parsed = registrationCredential.safeParse(credential);
  if (!parsed.success) {
    return {
      kind: "failed",
      fieldErrors: {},
      formErrors: [(await getTranslations("passkey"))("unreadable")],
    };
  }
  const body = parsedName.data
    ? { credential: parsed.data, name: parsedName.data }
    : { credential: parsed.data };
  return sensitive(
    (access, context) => apiAddPasskey(body, access, context),
    async (answer) => {
      await continueSession(answer);
      return { recoveryCodes: answer.recovery_codes };
    },
    ["name"],
  );
}

export async function renamePasskey(
  id: string,
  name: string,
): Promise<StepUpResult<null, PasskeyNameField>> {
  const parsedId = passkeyId.safeParse(id);
  const parsedName = passkeyName.safeParse(name);
  if (!parsedName.success) {
    return invalid({ name: [await validationMessage(parsedName.error.issues[0]?.message)] });
  }
  if (!parsedId.success) return await gone();
  return sensitive((access, context) =>
    apiRenamePasskey(parsedId.data, parsedName.data, access, context), async () => {
    revalidatePath(SECURITY_PATH);
    return null;
  }, ["name"]);
}

export async function removePasskey(id: string): Promise<StepUpResult<null>> {
  const parsedId = passkeyId.safeParse(id);
  if (!parsedId.success) return await gone();
  return sensitive(
    async (access, context): Promise<ApiResult<TokenPair | null>> => {
      const result = await apiRemovePasskey(parsedId.data, access, context);
      // Already gone (removed in another tab): what the user wanted.
      return !result.ok && result.status === 404 ? { ok: true, status: 404, data: null } : result;
    },
    async (tokens) => {
      if (tokens) await continueSession(tokens);
      else revalidatePath(SECURITY_PATH);
      return null;
    },
  );
}

// ---- Connected accounts (social sign-in) ----------------------------------------------------------------------------

const socialAccountId = z.uuid();

/**
 * Whether this session may start linking a provider now, asked before the page posts to the start handler so the
 * step-up dialog comes first rather than after a trip through it. Mirrors FACTOR_CHANGE: with two-factor on, a
 * recent second factor; otherwise any recent proof. The start handler's 403 still decides.
 */
export async function socialLinkReady(): Promise<StepUpResult<null>> {
  const result = await sensitive(apiGetMfaOverview, async (overview) => overview);
  if (result.kind !== "done") return result;
  const { totp, passkeys, reauthenticated_until, second_factor_until } = result.data;
  const until = totp.enabled || passkeys.length > 0 ? second_factor_until : reauthenticated_until;
  return until !== null && Date.parse(until) > Date.now()
    ? { kind: "done", data: null }
    : { kind: "reauth" };
}

/** Unlinking changes how the account signs in: other sessions end and this one goes on with the new pair. */
export async function unlinkSocialAccount(id: string): Promise<StepUpResult<null>> {
  const parsedId = socialAccountId.safeParse(id);
  if (!parsedId.success) {
    const t = await getTranslations("connected");
    return { kind: "failed", fieldErrors: {}, formErrors: [t("gone")] };
  }
  return sensitive(
    async (access, context): Promise<ApiResult<TokenPair | null>> => {
      const answer = await apiUnlinkSocialAccount(parsedId.data, access, context);
      if (answer.ok) return answer;
      // Already unlinked (in another tab): what the user wanted.
      if (answer.status === 404) return { ok: true, status: 404, data: null };
      if (answer.errors.some((error) => error.code === "last_sign_in_method")) {
        const message = (await getTranslations("social"))("last_sign_in_method");
        return { ...answer, errors: [{ code: "last_sign_in_method", message }] };
      }
      return answer;
    },
    async (tokens) => {
      if (tokens) await continueSession(tokens);
      else revalidatePath(SECURITY_PATH);
      return null;
    },
  );
}
