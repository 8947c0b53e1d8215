"use server";

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
import { fieldErrorsOf, text } from "@/lib/form-data";
import {
  type EmailLinkState,
  FORGOT_PASSWORD_FIELDS,
  type ForgotPasswordField,
  type FormState,
  LOGIN_FIELDS,
  type LoginField,
  type NextStep,
  RESET_PASSWORD_FIELDS,
  type ResetPasswordField,
  SIGNUP_FIELDS,
  type SignupField,
} from "@/lib/form-state";
import { sanitizeNextPath } from "@/lib/next-path";
import { DASHBOARD_PATH, LOGIN_PATH, VERIFY_FIRST_LOGIN_PATH } from "@/lib/routes";
import { getClientContext, getRefreshToken, holdsSession, setSessionTokens } from "@/lib/session";
import {
  emailKeySchema,
  forgotPasswordSchema,
  loginSchema,
  resetPasswordSchema,
  signupSchema,
} from "@/lib/validations/auth";

export async function login(
  _previous: FormState<LoginField>,
  formData: FormData,
): Promise<FormState<LoginField>> {
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
  if ("mfa_required" in result.data) {
    // The second step of the sign-in (the two-factor UI) handles this; until then, say so plainly.
    return { fieldErrors: {}, formErrors: ["This account needs its second factor to sign in."], values };
  }
  await setSessionTokens({ access: result.data.access, refresh: result.data.refresh });
  redirect(sanitizeNextPath(formData.get("next")));
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
