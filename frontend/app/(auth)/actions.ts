"use server";

import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { adoptAccountLanguage } from "@/i18n/cookie";
import {
  type ApiResult,
  apiConfirmEmailChange,
  apiConfirmPasswordReset,
  apiLogin,
  apiRegister,
  apiRequestPasswordReset,
  apiResendPasswordReset,
  apiVerifyEmail,
  type ClientContext,
  type LinkOutcome,
} from "@/lib/api/client";
import { type ApiFailure, toFormErrors } from "@/lib/api/errors";
import {
  apiLoginMfa,
  apiLoginMfaOptions,
  apiPasskeyLogin,
  apiPasskeyLoginOptions,
  isMfaChallenge,
  type SecondFactorProof,
} from "@/lib/api/mfa";
import { text } from "@/lib/form-data";
import {
  type EmailLinkState,
  EXPIRED_LINK_CODE,
  FORGOT_PASSWORD_FIELDS,
  type ForgotPasswordField,
  type FormState,
  LOGIN_FIELDS,
  type LoginState,
  type NextStep,
  type PasskeyOptionsResult,
  RESET_PASSWORD_FIELDS,
  type ResetPasswordField,
  type ResetPasswordState,
  SECOND_STEP_FIELDS,
  type SecondStepState,
  SIGNUP_FIELDS,
  type SignupField,
} from "@/lib/form-state";
import { MFA_TOKEN_INVALID_CODE } from "@/lib/mfa";
import { sanitizeNextPath } from "@/lib/next-path";
import { challengeOf } from "@/lib/passkey-challenges";
import { DASHBOARD_PATH, LOGIN_PATH, SETTINGS_PATH, VERIFY_FIRST_LOGIN_PATH } from "@/lib/routes";
import {
  addPasskeyChallenge,
  clearPendingSignIn,
  forgetCurrentUser,
  getClientContext,
  getPendingSignIn,
  getRefreshToken,
  holdsSession,
  setPendingSignIn,
  setSessionTokens,
  takePasskeyChallenge,
} from "@/lib/session";
import {
  emailKeySchema,
  forgotPasswordSchema,
  loginSchema,
  resetLinkSchema,
  resetPasswordSchema,
  signupSchema,
} from "@/lib/validations/auth";
import { fieldErrorsOf } from "@/lib/validations/messages";
import {
  authenticationCredential,
  recoveryCodeSchema,
  totpCodeSchema,
} from "@/lib/validations/mfa";

export async function login(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const email = text(formData, "email");
  const values = { email };
  const parsed = loginSchema.safeParse({ email, password: text(formData, "password") });
  if (!parsed.success) {
    return { fieldErrors: await fieldErrorsOf(parsed.error), formErrors: [], values };
  }

  const result = await apiLogin(parsed.data, await getRefreshToken(), await getClientContext());
  if (!result.ok) {
    return { ...(await toFormErrors(result, LOGIN_FIELDS)), values };
  }
  const answer = result.data;
  if (isMfaChallenge(answer)) {
    await setPendingSignIn(answer.mfa_token);
    return { fieldErrors: {}, formErrors: [], values, mfa: { methods: answer.methods } };
  }
  await setSessionTokens({ access: answer.access, refresh: answer.refresh }, answer.user);
  await adoptAccountLanguage(answer.user);
  redirect(sanitizeNextPath(formData.get("next")));
}

// ---- Second step and passkey sign-in ------------------------------------------------------------------------------

async function expired(): Promise<SecondStepState> {
  const t = await getTranslations("passkey");
  return { fieldErrors: {}, formErrors: [t("signInExpired")], values: {}, expired: true };
}

async function challengeExpired(): Promise<FormState<never>> {
  const t = await getTranslations("passkey");
  return { fieldErrors: {}, formErrors: [t("challengeExpired")], values: {} };
}

async function passkeyFailed(): Promise<FormState<never>> {
  const t = await getTranslations("passkey");
  return { fieldErrors: {}, formErrors: [t("failed")], values: {} };
}

function isMfaTokenInvalid(failure: ApiFailure): boolean {
  return failure.status === 401 && failure.errors.some((e) => e.code === MFA_TOKEN_INVALID_CODE);
}

/** Signs in with the second factor; on success this ends in a redirect to `next`. */
async function finishSecondStep(proof: SecondFactorProof, next: unknown): Promise<SecondStepState> {
  const mfaToken = await getPendingSignIn();
  if (!mfaToken) return expired();
  const result = await apiLoginMfa(
    mfaToken,
    proof,
    await getRefreshToken(),
    await getClientContext(),
  );
  if (!result.ok) {
    if (isMfaTokenInvalid(result)) {
      await clearPendingSignIn();
      return expired();
    }
    return { ...(await toFormErrors(result, SECOND_STEP_FIELDS)), values: {} };
  }
  await clearPendingSignIn();
  await setSessionTokens(
    { access: result.data.access, refresh: result.data.refresh },
    result.data.user,
  );
  await adoptAccountLanguage(result.data.user);
  redirect(sanitizeNextPath(next));
}

/** The second step with a code: `method` says whether it is from the authenticator app or a recovery code. */
export async function verifySecondFactor(
  _previous: SecondStepState,
  formData: FormData,
): Promise<SecondStepState> {
  if (text(formData, "method") === "recovery_code") {
    const parsed = recoveryCodeSchema.safeParse({ recovery_code: text(formData, "recovery_code") });
    if (!parsed.success) {
      return { fieldErrors: await fieldErrorsOf(parsed.error), formErrors: [], values: {} };
    }
    return finishSecondStep(parsed.data, formData.get("next"));
  }
  const parsed = totpCodeSchema.safeParse({ code: text(formData, "code") });
  if (!parsed.success) {
    return { fieldErrors: await fieldErrorsOf(parsed.error), formErrors: [], values: {} };
  }
  return finishSecondStep(parsed.data, formData.get("next"));
}

export async function secondFactorPasskeyOptions(): Promise<
  PasskeyOptionsResult<PublicKeyCredentialRequestOptionsJSON>
> {
  const mfaToken = await getPendingSignIn();
  if (!mfaToken) return { ok: false, formErrors: (await expired()).formErrors, expired: true };
  const result = await apiLoginMfaOptions(mfaToken, await getClientContext());
  if (!result.ok) {
    if (isMfaTokenInvalid(result)) {
      await clearPendingSignIn();
      return { ok: false, formErrors: (await expired()).formErrors, expired: true };
    }
    return { ok: false, formErrors: (await toFormErrors(result, [])).formErrors };
  }
  return { ok: true, options: result.data.options };
}

export async function verifySecondFactorPasskey(
  credential: AuthenticationResponseJSON,
  next: string | null,
): Promise<SecondStepState> {
  const parsed = authenticationCredential.safeParse(credential);
  if (!parsed.success) return passkeyFailed();
  return finishSecondStep({ credential: parsed.data }, next);
}

/** Options for signing in with a passkey alone (no email): the challenge stays in an httpOnly cookie. */
export async function passkeySignInOptions(): Promise<
  PasskeyOptionsResult<PublicKeyCredentialRequestOptionsJSON>
> {
  const result = await apiPasskeyLoginOptions(await getClientContext());
  if (!result.ok) return { ok: false, formErrors: (await toFormErrors(result, [])).formErrors };
  await addPasskeyChallenge(result.data.options.challenge, result.data.challenge_token);
  return { ok: true, options: result.data.options };
}

export async function passkeySignIn(
  credential: AuthenticationResponseJSON,
  next: string | null,
): Promise<FormState<never>> {
  const parsed = authenticationCredential.safeParse(credential);
  if (!parsed.success) return passkeyFailed();
  const challenge = challengeOf(parsed.data.response.clientDataJSON);
  const challengeToken = challenge ? await takePasskeyChallenge(challenge) : null;
  if (!challengeToken) return challengeExpired();
  const result = await apiPasskeyLogin(
    challengeToken,
    parsed.data,
    await getRefreshToken(),
    await getClientContext(),
  );
  if (!result.ok) {
    if (result.status === 401) {
      return challengeExpired();
    }
    const { formErrors } = await toFormErrors(result, []);
    return { fieldErrors: {}, formErrors, values: {} };
  }
  await setSessionTokens(
    { access: result.data.access, refresh: result.data.refresh },
    result.data.user,
  );
  await adoptAccountLanguage(result.data.user);
  redirect(sanitizeNextPath(next));
}

export async function signup(
  _previous: FormState<SignupField>,
  formData: FormData,
): Promise<FormState<SignupField>> {
  const name = text(formData, "name");
  const email = text(formData, "email");
  const values = { name, email };
  const parsed = signupSchema.safeParse({ name, email, password: text(formData, "password") });
  if (!parsed.success) {
    return { fieldErrors: await fieldErrorsOf(parsed.error), formErrors: [], values };
  }

  const result = await apiRegister(parsed.data, await getRefreshToken(), await getClientContext());
  if (!result.ok) {
    return { ...(await toFormErrors(result, SIGNUP_FIELDS)), values };
  }
  const { access, refresh } = result.data;
  if (!access || !refresh) {
    redirect(VERIFY_FIRST_LOGIN_PATH);
  }
  await setSessionTokens({ access, refresh });
  redirect(DASHBOARD_PATH);
}

export async function requestPasswordReset(
  _previous: FormState<ForgotPasswordField>,
  formData: FormData,
): Promise<FormState<ForgotPasswordField>> {
  const email = text(formData, "email");
  const values = { email };
  const parsed = forgotPasswordSchema.safeParse({ email });
  if (!parsed.success) {
    return { fieldErrors: await fieldErrorsOf(parsed.error), formErrors: [], values };
  }

  const result = await apiRequestPasswordReset(parsed.data, await getClientContext());
  if (!result.ok) {
    return { ...(await toFormErrors(result, FORGOT_PASSWORD_FIELDS)), values };
  }
  // The backend answers the same whether or not the account exists, and so does this message.
  const t = await getTranslations("forgotPassword");
  return {
    fieldErrors: {},
    formErrors: [],
    values,
    message: t("sent", { email: parsed.data.email }),
    done: true,
  };
}

/** An emailed link that no longer works (expired, used, mangled): the page offers to start over. */
function isDeadLink(failure: ApiFailure, params: readonly string[]): boolean {
  return failure.status === 400 && failure.errors.some((e) => params.includes(e.param ?? ""));
}

/** A genuine link opened too late: the backend says so only when a new one would be the same grant (ASVS 6.5.5). */
function isExpiredLink(failure: ApiFailure): boolean {
  return failure.status === 400 && failure.errors.some((e) => e.code === EXPIRED_LINK_CODE);
}

export async function resetPassword(
  _previous: ResetPasswordState,
  formData: FormData,
): Promise<ResetPasswordState> {
  const parsed = resetPasswordSchema.safeParse({
    uid: text(formData, "uid"),
    token: text(formData, "token"),
    new_password: text(formData, "new_password"),
  });
  const t = await getTranslations("resetPassword");
  if (!parsed.success) {
    const fieldErrors = await fieldErrorsOf<ResetPasswordField | "uid" | "token">(parsed.error);
    if (fieldErrors.uid || fieldErrors.token) {
      return { fieldErrors: {}, formErrors: [t("invalidLink")], values: {}, done: true };
    }
    return { fieldErrors: { new_password: fieldErrors.new_password }, formErrors: [], values: {} };
  }

  const result = await apiConfirmPasswordReset(parsed.data, await getClientContext());
  if (!result.ok) {
    if (isExpiredLink(result)) {
      return { fieldErrors: {}, formErrors: [t("expired")], values: {}, done: true, expired: true };
    }
    if (isDeadLink(result, ["uid", "token"])) {
      return { fieldErrors: {}, formErrors: [t("invalidLink")], values: {}, done: true };
    }
    return { ...(await toFormErrors(result, RESET_PASSWORD_FIELDS)), values: {} };
  }
  return {
    fieldErrors: {},
    formErrors: [],
    values: {},
    message: t("done"),
    done: true,
  };
}

/**
 * The one-click "send a new link" of an expired reset link: the backend mails the address the old link was for, so
 * nothing typed here chooses where mail goes. A link it refuses (forged, used, too old) leads to the forgot form.
 */
export async function resendPasswordReset(
  _previous: FormState<never>,
  formData: FormData,
): Promise<FormState<never>> {
  const t = await getTranslations("resetPassword");
  const parsed = resetLinkSchema.safeParse({
    uid: text(formData, "uid"),
    token: text(formData, "token"),
  });
  if (!parsed.success) {
    return { fieldErrors: {}, formErrors: [t("invalidLink")], values: {}, done: true };
  }
  const result = await apiResendPasswordReset(parsed.data, await getClientContext());
  if (!result.ok) {
    if (isDeadLink(result, ["uid", "token"])) {
      return { fieldErrors: {}, formErrors: [t("invalidLink")], values: {}, done: true };
    }
    return { ...(await toFormErrors(result, [])), values: {} };
  }
  return { fieldErrors: {}, formErrors: [], values: {}, message: t("newLinkSent"), done: true };
}

type KeyAction = (body: { key: string }, context: ClientContext) => Promise<ApiResult<LinkOutcome>>;

const LOG_IN = { href: LOGIN_PATH, label: "logIn" } as const;
const TO_DASHBOARD = { href: DASHBOARD_PATH, label: "goToYourDashboard" } as const;
type Step = typeof LOG_IN | typeof TO_DASHBOARD;

/**
 * What each outcome tells the user and where it sends them. A link opened twice is no error: the second time
 * says it was already done. An email change ends every session of the account, so its way on is logging in.
 */
const LINK_OUTCOMES: Record<
  LinkOutcome["outcome"],
  {
    message: "verified" | "alreadyVerified" | "changed" | "alreadyChanged";
    nextStep: (signedIn: boolean) => Step;
  }
> = {
  verified: {
    message: "verified",
    nextStep: (signedIn) => (signedIn ? TO_DASHBOARD : LOG_IN),
  },
  already_verified: {
    message: "alreadyVerified",
    nextStep: (signedIn) => (signedIn ? TO_DASHBOARD : LOG_IN),
  },
  email_changed: {
    message: "changed",
    nextStep: () => LOG_IN,
  },
  already_changed: {
    message: "alreadyChanged",
    nextStep: () => LOG_IN,
  },
};

/**
 * `expiredNextStep`: where an expired link's page sends the user to ask again (null: the form's own fallback). An
 * email change is asked again from the settings, with the password: a resend by link alone would let whoever holds
 * an old link (it went to the new, unproven address) renew it without the account's owner.
 */
async function submitEmailKey(
  formData: FormData,
  send: KeyAction,
  expiredNextStep: string | null,
): Promise<EmailLinkState> {
  const t = await getTranslations("emailLink");
  const tc = await getTranslations("common");
  const parsed = emailKeySchema.safeParse({ key: text(formData, "key") });
  if (!parsed.success) {
    return { fieldErrors: {}, formErrors: [t("invalidLink")], values: {}, done: true };
  }
  const result = await send(parsed.data, await getClientContext());
  if (result.ok) {
    // The link may have changed the user signed in here (a verified or new address): show it from Django.
    await forgetCurrentUser();
    const { message, nextStep } = LINK_OUTCOMES[result.data.outcome];
    const step = nextStep(await holdsSession());
    return {
      fieldErrors: {},
      formErrors: [],
      values: {},
      message: t(message),
      done: true,
      nextStep: { href: step.href, label: tc(step.label) } satisfies NextStep,
    };
  }
  if (isExpiredLink(result)) {
    const again =
      expiredNextStep === null
        ? {}
        : { nextStep: { href: expiredNextStep, label: t("requestAgain") } };
    return { fieldErrors: {}, formErrors: [t("expired")], values: {}, done: true, ...again };
  }
  if (result.status === 400) {
    const messages = result.errors.map((e) => e.message);
    return {
      fieldErrors: {},
      formErrors: messages.length > 0 ? messages : [t("invalidLink")],
      values: {},
      done: true,
    };
  }
  return { ...(await toFormErrors(result, [])), values: {} };
}

export async function verifyEmail(
  _previous: EmailLinkState,
  formData: FormData,
): Promise<EmailLinkState> {
  return submitEmailKey(formData, apiVerifyEmail, null);
}

export async function confirmEmailChange(
  _previous: EmailLinkState,
  formData: FormData,
): Promise<EmailLinkState> {
  return submitEmailKey(formData, apiConfirmEmailChange, `${SETTINGS_PATH}#email`);
}
