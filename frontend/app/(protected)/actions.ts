"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import {
  apiChangePassword,
  apiDeleteMe,
  apiRequestEmailChange,
  apiResendVerification,
  apiRevokeOtherSessions,
  apiRevokeSession,
  apiUpdateMe,
} from "@/lib/api/client";
import { isReauthRequired, toFormErrors } from "@/lib/api/errors";
import { caller, endIfSignedOut } from "@/lib/caller";
import { text } from "@/lib/form-data";
import {
  CHANGE_EMAIL_FIELDS,
  CHANGE_PASSWORD_FIELDS,
  type ChangeEmailField,
  type ChangePasswordField,
  DELETE_ACCOUNT_FIELDS,
  type DeleteAccountField,
  type FormState,
  PROFILE_FIELDS,
  type ProfileField,
  type StepUpResult,
} from "@/lib/form-state";
import { SESSIONS_PATH, SETTINGS_PATH } from "@/lib/routes";
import { clearSession, forgetCurrentUser, setSessionTokens } from "@/lib/session";
import {
  changeEmailSchema,
  changePasswordSchema,
  deleteAccountSchema,
  profileSchema,
} from "@/lib/validations/auth";
import { fieldErrorsOf } from "@/lib/validations/messages";

export async function updateProfile(
  _previous: FormState<ProfileField>,
  formData: FormData,
): Promise<FormState<ProfileField>> {
  const name = text(formData, "name");
  const values = { name };
  const parsed = profileSchema.safeParse({ name });
  if (!parsed.success) {
    return { fieldErrors: await fieldErrorsOf(parsed.error), formErrors: [], values };
  }
  const { access, context } = await caller(SETTINGS_PATH);
  const result = await apiUpdateMe(parsed.data, access, context);
  if (!result.ok) {
    await endIfSignedOut(result, SETTINGS_PATH);
    return { ...(await toFormErrors(result, PROFILE_FIELDS)), values };
  }
  await forgetCurrentUser();
  revalidatePath("/", "layout");
  const t = await getTranslations("settings");
  return {
    fieldErrors: {},
    formErrors: [],
    values: { name: result.data.name },
    message: t("saved"),
  };
}

export async function changePassword(
  _previous: FormState<ChangePasswordField>,
  formData: FormData,
): Promise<FormState<ChangePasswordField>> {
  const parsed = changePasswordSchema.safeParse({
    current_password: text(formData, "current_password"),
    new_password: text(formData, "new_password"),
  });
  if (!parsed.success) {
    return { fieldErrors: await fieldErrorsOf(parsed.error), formErrors: [], values: {} };
  }
  const { access, context } = await caller(SETTINGS_PATH);
  const result = await apiChangePassword(parsed.data, access, context);
  if (!result.ok) {
    await endIfSignedOut(result, SETTINGS_PATH);
    return { ...(await toFormErrors(result, CHANGE_PASSWORD_FIELDS)), values: {} };
  }
  // This session continues with the fresh pair; every other session was signed out by the backend.
  await setSessionTokens({ access: result.data.access, refresh: result.data.refresh });
  return {
    fieldErrors: {},
    formErrors: [],
    values: {},
    message: (await getTranslations("settings"))("passwordChanged"),
  };
}

export async function changeEmail(
  _previous: FormState<ChangeEmailField>,
  formData: FormData,
): Promise<FormState<ChangeEmailField>> {
  const newEmail = text(formData, "new_email");
  const values = { new_email: newEmail };
  const parsed = changeEmailSchema.safeParse({
    new_email: newEmail,
    current_password: text(formData, "current_password"),
  });
  if (!parsed.success) {
    return { fieldErrors: await fieldErrorsOf(parsed.error), formErrors: [], values };
  }
  const { access, context } = await caller(SETTINGS_PATH);
  const result = await apiRequestEmailChange(parsed.data, access, context);
  if (!result.ok) {
    await endIfSignedOut(result, SETTINGS_PATH);
    return { ...(await toFormErrors(result, CHANGE_EMAIL_FIELDS)), values };
  }
  return {
    fieldErrors: {},
    formErrors: [],
    values: {},
    message: (await getTranslations("settings"))("emailChangeSent", {
      email: parsed.data.new_email,
    }),
  };
}

export async function deleteAccount(
  _previous: FormState<DeleteAccountField>,
  formData: FormData,
): Promise<FormState<DeleteAccountField>> {
  const parsed = deleteAccountSchema.safeParse({
    current_password: text(formData, "current_password"),
  });
  if (!parsed.success) {
    return { fieldErrors: await fieldErrorsOf(parsed.error), formErrors: [], values: {} };
  }
  const { access, context } = await caller(SETTINGS_PATH);
  const result = await apiDeleteMe(parsed.data, access, context);
  if (!result.ok) {
    await endIfSignedOut(result, SETTINGS_PATH);
    return { ...(await toFormErrors(result, DELETE_ACCOUNT_FIELDS)), values: {} };
  }
  await clearSession();
  redirect("/?account=deleted");
}

export async function resendVerification(
  _previous: FormState<never>,
  _formData: FormData,
): Promise<FormState<never>> {
  const { access, context } = await caller("/dashboard");
  const result = await apiResendVerification(access, context);
  if (!result.ok) {
    await endIfSignedOut(result, "/dashboard");
    return { ...(await toFormErrors(result, [])), values: {} };
  }
  return {
    fieldErrors: {},
    formErrors: [],
    values: {},
    message: (await getTranslations("dashboard"))("resent"),
  };
}

export async function revokeSession(
  _previous: FormState<never>,
  formData: FormData,
): Promise<FormState<never>> {
  const { access, context } = await caller(SESSIONS_PATH);
  const result = await apiRevokeSession(text(formData, "session_id"), access, context);
  if (!result.ok && result.status !== 404) {
    await endIfSignedOut(result, SESSIONS_PATH);
    return { ...(await toFormErrors(result, [])), values: {} };
  }
  revalidatePath(SESSIONS_PATH);
  const t = await getTranslations("sessions");
  return { fieldErrors: {}, formErrors: [], values: {}, message: t("revoked") };
}

/** "Sign out everywhere else": needs a recent proof of identity; `{kind: "reauth"}` asks the page for one. */
export async function revokeOtherSessions(): Promise<StepUpResult<{ message: string }>> {
  const { access, context } = await caller(SESSIONS_PATH);
  const result = await apiRevokeOtherSessions(access, context);
  if (!result.ok) {
    if (isReauthRequired(result)) return { kind: "reauth" };
    await endIfSignedOut(result, SESSIONS_PATH);
    return { kind: "failed", ...(await toFormErrors(result, [])) };
  }
  revalidatePath(SESSIONS_PATH);
  const { revoked } = result.data;
  const message = (await getTranslations("sessions"))("revokedOthers", { count: revoked });
  return { kind: "done", data: { message } };
}
