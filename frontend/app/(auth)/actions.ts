"use server";

import { redirect } from "next/navigation";
import type { z } from "zod";
import { apiLogin, apiRegister } from "@/lib/api/client";
import { toFormErrors } from "@/lib/api/errors";
import {
  type FormState,
  LOGIN_FIELDS,
  type LoginField,
  SIGNUP_FIELDS,
  type SignupField,
} from "@/lib/form-state";
import { sanitizeNextPath } from "@/lib/next-path";
import { DASHBOARD_PATH } from "@/lib/routes";
import { getClientContext, setSessionTokens } from "@/lib/session";
import { loginSchema, signupSchema } from "@/lib/validations/auth";

function text(formData: FormData, key: string): string {
  const value = formData.get(key);
  return typeof value === "string" ? value : "";
}

function fieldErrorsOf<Field extends string>(error: z.ZodError): Partial<Record<Field, string[]>> {
  const errors: Partial<Record<Field, string[]>> = {};
  for (const issue of error.issues) {
    const field = issue.path[0] as Field | undefined;
    if (field !== undefined && !errors[field]) errors[field] = [issue.message];
  }
  return errors;
}

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

  const result = await apiLogin(parsed.data, await getClientContext());
  if (!result.ok) {
    return { ...toFormErrors(result, LOGIN_FIELDS), values };
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

  const result = await apiRegister(parsed.data, await getClientContext());
  if (!result.ok) {
    return { ...toFormErrors(result, SIGNUP_FIELDS), values };
  }
  await setSessionTokens({ access: result.data.access, refresh: result.data.refresh });
  redirect(DASHBOARD_PATH);
}
