"use server";

import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";
import { redirect } from "next/navigation";
import {
  type ApiResult,
  apiConfirmEmailChange,
  apiConfirmPasswordReset,
  apiLogin,
  apiRegister,
  apiRequestPasswordReset,
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
import { fieldErrorsOf, text } from "@/lib/form-data";
import {
  type EmailLinkState,
  FORGOT_PASSWORD_FIELDS,
  type ForgotPasswordField,
  type FormState,
  LOGIN_FIELDS,
  type LoginState,
  type NextStep,
  type PasskeyOptionsResult,
  RESET_PASSWORD_FIELDS,
  type ResetPasswordField,
  SECOND_STEP_FIELDS,
  type SecondStepState,
  SIGNUP_FIELDS,
  type SignupField,
} from "@/lib/form-state";
import { MFA_TOKEN_INVALID_CODE, SIGN_IN_EXPIRED_MESSAGE } from "@/lib/mfa";
import { sanitizeNextPath } from "@/lib/next-path";
import { challengeOf } from "@/lib/passkey-challenges";
import { DASHBOARD_PATH, LOGIN_PATH, VERIFY_FIRST_LOGIN_PATH } from "@/lib/routes";
import {
  addPasskeyChallenge,
  clearPendingSignIn,
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
  resetPasswordSchema,
  signupSchema,
} from "@/lib/validations/auth";
import {
  authenticationCredential,
  AUTHENTICATION_FAILED as PASSKEY_FAILED,
  recoveryCodeSchema,
  totpCodeSchema,
} from "@/lib/validations/mfa";

export async function login(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const email = text(formData, "email");
  const values = { email };
  const parsed = loginSchema.safeParse({ email, password: text(formData, "password") });
  if (!parsed.success) {
    return { fieldErrors: fieldErrorsOf(parsed.error), formErrors: [], values };
  }

  const result = await apiLogin(parsed.data, await getRefreshToken(), await getClientContext());
  if (!result.ok) {
    return { ...toFormErrors(result, LOGIN_FIELDS), values };
  }
  const answer = result.data;
  if (isMfaChallenge(answer)) {
    await setPendingSignIn(answer.mfa_token);
    return { fieldErrors: {}, formErrors: [], values, mfa: { methods: answer.methods } };
  }
  await setSessionTokens({ access: answer.access, refresh: answer.refresh });
  redirect(sanitizeNextPath(formData.get("next")));
}

// ---- Second step and passkey sign-in ------------------------------------------------------------------------------

const EXPIRED: SecondStepState = {
  fieldErrors: {},
  formErrors: [SIGN_IN_EXPIRED_MESSAGE],
  values: {},
  expired: true,
};

const CHALLENGE_EXPIRED = "This passkey request has expired. Please try again.";

function isMfaTokenInvalid(failure: ApiFailure): boolean {
  return failure.status === 401 && failure.errors.some((e) => e.code === MFA_TOKEN_INVALID_CODE);
}

/** Signs in with the second factor; on success this ends in a redirect to `next`. */
async function finishSecondStep(proof: SecondFactorProof, next: unknown): Promise<SecondStepState> {
  const mfaToken = await getPendingSignIn();
  if (!mfaToken) return EXPIRED;
  const result = await apiLoginMfa(
    mfaToken,
    proof,
    await getRefreshToken(),
    await getClientContext(),
  );
  if (!result.ok) {
    if (isMfaTokenInvalid(result)) {
      await clearPendingSignIn();
      return EXPIRED;
    }
    return { ...toFormErrors(result, SECOND_STEP_FIELDS), values: {} };
  }
  await clearPendingSignIn();
  await setSessionTokens({ access: result.data.access, refresh: result.data.refresh });
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
      return { fieldErrors: fieldErrorsOf(parsed.error), formErrors: [], values: {} };
    }
    return finishSecondStep(parsed.data, formData.get("next"));
  }
  const parsed = totpCodeSchema.safeParse({ code: text(formData, "code") });
  if (!parsed.success) {
    return { fieldErrors: fieldErrorsOf(parsed.error), formErrors: [], values: {} };
  }
  return finishSecondStep(parsed.data, formData.get("next"));
}

export async function secondFactorPasskeyOptions(): Promise<
  PasskeyOptionsResult<PublicKeyCredentialRequestOptionsJSON>
> {
  const mfaToken = await getPendingSignIn();
  if (!mfaToken) return { ok: false, formErrors: EXPIRED.formErrors, expired: true };
  const result = await apiLoginMfaOptions(mfaToken, await getClientContext());
  if (!result.ok) {
    if (isMfaTokenInvalid(result)) {
      await clearPendingSignIn();
      return { ok: false, formErrors: EXPIRED.formErrors, expired: true };
    }
    return { ok: false, formErrors: toFormErrors(result, []).formErrors };
  }
  return { ok: true, options: result.data.options };
}

export async function verifySecondFactorPasskey(
  credential: AuthenticationResponseJSON,
  next: string | null,
): Promise<SecondStepState> {
  const parsed = authenticationCredential.safeParse(credential);
  if (!parsed.success) return { fieldErrors: {}, formErrors: [PASSKEY_FAILED], values: {} };
  return finishSecondStep({ credential: parsed.data }, next);
}

/** Options for signing in with a passkey alone (no email): the challenge stays in an httpOnly cookie. */
export async function passkeySignInOptions(): Promise<
  PasskeyOptionsResult<PublicKeyCredentialRequestOptionsJSON>
> {
  const result = await apiPasskeyLoginOptions(await getClientContext());
  if (!result.ok) return { ok: false, formErrors: toFormErrors(result, []).formErrors };
  await addPasskeyChallenge(result.data.options.challenge, result.data.challenge_token);
  return { ok: true, options: result.data.options };
}

export async function passkeySignIn(
  credential: AuthenticationResponseJSON,
  next: string | null,
): Promise<FormState<never>> {
  const parsed = authenticationCredential.safeParse(credential);
  if (!parsed.success) return { fieldErrors: {}, formErrors: [PASSKEY_FAILED], values: {} };
  const challenge = challengeOf(parsed.data.response.clientDataJSON);
  const challengeToken = challenge ? await takePasskeyChallenge(challenge) : null;
  if (!challengeToken) return { fieldErrors: {}, formErrors: [CHALLENGE_EXPIRED], values: {} };
  const result = await apiPasskeyLogin(
    challengeToken,
    parsed.data,
    await getRefreshToken(),
    await getClientContext(),
  );
  if (!result.ok) {
    if (result.status === 401) {
      return { fieldErrors: {}, formErrors: [CHALLENGE_EXPIRED], values: {} };
    }
    const { formErrors } = toFormErrors(result, []);
    return { fieldErrors: {}, formErrors, values: {} };
  }
  await setSessionTokens({ access: result.data.access, refresh: result.data.refresh });
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
    return { fieldErrors: fieldErrorsOf(parsed.error), formErrors: [], values };
  }

  const result = await apiRegister(parsed.data, await getRefreshToken(), await getClientContext());
  if (!result.ok) {
    return { ...toFormErrors(result, SIGNUP_FIELDS), values };
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
    return { fieldErrors: fieldErrorsOf(parsed.error), formErrors: [], values };
  }

  const result = await apiRequestPasswordReset(parsed.data, await getClientContext());
  if (!result.ok) {
    return { ...toFormErrors(result, FORGOT_PASSWORD_FIELDS), values };
  }
  // The backend answers the same whether or not the account exists, and so does this message.
  return {
    fieldErrors: {},
    formErrors: [],
    values,
    message: `If an account uses ${parsed.data.email}, a link to reset its password is on its way. It may take a minute to arrive.`,
    done: true,
  };
}

/** An emailed link that no longer works (expired, used, mangled): the page offers to start over. */
function isDeadLink(failure: ApiFailure, params: readonly string[]): boolean {
  return failure.status === 400 && failure.errors.some((e) => params.includes(e.param ?? ""));
}

export async function resetPassword(
  _previous: FormState<ResetPasswordField>,
  formData: FormData,
): Promise<FormState<ResetPasswordField>> {
  const parsed = resetPasswordSchema.safeParse({
    uid: text(formData, "uid"),
    token: text(formData, "token"),
    new_password: text(formData, "new_password"),
  });
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf<ResetPasswordField | "uid" | "token">(parsed.error);
    if (fieldErrors.uid || fieldErrors.token) {
      return { fieldErrors: {}, formErrors: [INVALID_RESET_LINK], values: {}, done: true };
    }
    return { fieldErrors: { new_password: fieldErrors.new_password }, formErrors: [], values: {} };
  }

  const result = await apiConfirmPasswordReset(parsed.data, await getClientContext());
  if (!result.ok) {
    if (isDeadLink(result, ["uid", "token"])) {
      return { fieldErrors: {}, formErrors: [INVALID_RESET_LINK], values: {}, done: true };
    }
    return { ...toFormErrors(result, RESET_PASSWORD_FIELDS), values: {} };
  }
  return {
    fieldErrors: {},
    formErrors: [],
    values: {},
    message: "Your password has been changed. Every device was signed out, so log in again.",
    done: true,
  };
}

const INVALID_RESET_LINK = "This reset link is invalid, expired or already used.";
const INVALID_EMAIL_LINK = "This link is invalid, expired or already used.";

type KeyAction = (body: { key: string }, context: ClientContext) => Promise<ApiResult<LinkOutcome>>;

const LOG_IN: NextStep = { href: LOGIN_PATH, label: "Log in" };
const TO_DASHBOARD: NextStep = { href: DASHBOARD_PATH, label: "Go to your dashboard" };

/**
 * What each outcome tells the user and where it sends them. A link opened twice is no error: the second time
 * says it was already done. An email change ends every session of the account, so its way on is logging in.
 */
const LINK_OUTCOMES: Record<
  LinkOutcome["outcome"],
  { message: string; nextStep: (signedIn: boolean) => NextStep }
> = {
  verified: {
    message: "Your email address is verified. Thank you!",
    nextStep: (signedIn) => (signedIn ? TO_DASHBOARD : LOG_IN),
  },
  already_verified: {
    message: "Your email address is already verified. There is nothing more to do.",
    nextStep: (signedIn) => (signedIn ? TO_DASHBOARD : LOG_IN),
  },
  email_changed: {
    message:
      "Your email address has been changed. Every device was signed out: log in with your new address.",
    nextStep: () => LOG_IN,
  },
  already_changed: {
    message: "Your email address has already been changed. Log in with your new address.",
    nextStep: () => LOG_IN,
  },
};

async function submitEmailKey(formData: FormData, send: KeyAction): Promise<EmailLinkState> {
  const parsed = emailKeySchema.safeParse({ key: text(formData, "key") });
  if (!parsed.success) {
    return { fieldErrors: {}, formErrors: [INVALID_EMAIL_LINK], values: {}, done: true };
  }
  const result = await send(parsed.data, await getClientContext());
  if (result.ok) {
    const { message, nextStep } = LINK_OUTCOMES[result.data.outcome];
    return {
      fieldErrors: {},
      formErrors: [],
      values: {},
      message,
      done: true,
      nextStep: nextStep(await holdsSession()),
    };
  }
  if (result.status === 400) {
    const messages = result.errors.map((e) => e.message);
    return {
      fieldErrors: {},
      formErrors: messages.length > 0 ? messages : [INVALID_EMAIL_LINK],
      values: {},
      done: true,
    };
  }
  return { ...toFormErrors(result, []), values: {} };
}

export async function verifyEmail(
  _previous: EmailLinkState,
  formData: FormData,
): Promise<EmailLinkState> {
  return submitEmailKey(formData, apiVerifyEmail);
}

export async function confirmEmailChange(
  _previous: EmailLinkState,
  formData: FormData,
): Promise<EmailLinkState> {
  return submitEmailKey(formData, apiConfirmEmailChange);
}
