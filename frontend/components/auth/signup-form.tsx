"use client";

import { useActionState } from "react";
import { signup } from "@/app/(auth)/actions";
import { FormAlert } from "@/components/ui/form-alert";
import { EmailField, FormField, NewPasswordField } from "@/components/ui/form-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useTranslations } from "@/i18n/client";
import { emptyFormState, type FormState, type SignupField } from "@/lib/form-state";
import { NAME_MAX_LENGTH } from "@/lib/validations/limits";

export function SignupForm() {
  const [state, formAction] = useActionState<FormState<SignupField>, FormData>(
    signup,
    emptyFormState,
  );
  const t = useTranslations("signup");
  const tf = useTranslations("forms");

  return (
    <form action={formAction} noValidate className="space-y-5">
      <FormAlert messages={state.formErrors} />
      <FormField
        label={tf("name")}
        name="name"
        type="text"
        autoComplete="name"
        maxLength={NAME_MAX_LENGTH}
        required
        defaultValue={state.values.name ?? ""}
        errors={state.fieldErrors.name}
      />
      <EmailField
        label={tf("email")}
        name="email"
        defaultValue={state.values.email ?? ""}
        errors={state.fieldErrors.email}
      />
      <NewPasswordField
        label={tf("password")}
        name="password"
        errors={state.fieldErrors.password}
      />
      <SubmitButton pendingLabel={t("pending")}>{t("submit")}</SubmitButton>
    </form>
  );
}
