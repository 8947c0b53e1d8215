"use client";

import { useActionState } from "react";
import { requestPasswordReset } from "@/app/(auth)/actions";
import { FormAlert } from "@/components/ui/form-alert";
import { EmailField } from "@/components/ui/form-field";
import { FormSuccess } from "@/components/ui/form-success";
import { SubmitButton } from "@/components/ui/submit-button";
import { useTranslations } from "@/i18n/client";
import { emptyFormState, type ForgotPasswordField, type FormState } from "@/lib/form-state";

export function ForgotPasswordForm() {
  const [state, formAction] = useActionState<FormState<ForgotPasswordField>, FormData>(
    requestPasswordReset,
    emptyFormState,
  );
  const t = useTranslations("forgotPassword");
  const tf = useTranslations("forms");

  return (
    <form action={formAction} noValidate className="space-y-5">
      <FormAlert messages={state.formErrors} />
      <FormSuccess message={state.message} />
      <EmailField
        label={tf("email")}
        name="email"
        defaultValue={state.values.email ?? ""}
        errors={state.fieldErrors.email}
      />
      <SubmitButton pendingLabel={t("pending")}>{t("submit")}</SubmitButton>
    </form>
  );
}
