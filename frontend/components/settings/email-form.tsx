"use client";

import { useActionState } from "react";
import { changeEmail } from "@/app/(protected)/actions";
import { FormAlert } from "@/components/ui/form-alert";
import { AccountUsername, CurrentPasswordField, EmailField } from "@/components/ui/form-field";
import { FormSuccess } from "@/components/ui/form-success";
import { SubmitButton } from "@/components/ui/submit-button";
import { useTranslations } from "@/i18n/client";
import { type ChangeEmailField, emptyFormState, type FormState } from "@/lib/form-state";

export function EmailForm({ username }: { username: string }) {
  const [state, formAction] = useActionState<FormState<ChangeEmailField>, FormData>(
    changeEmail,
    emptyFormState,
  );
  const t = useTranslations("settings");
  const tf = useTranslations("forms");

  return (
    <form
      key={state.message ?? "editing"}
      action={formAction}
      noValidate
      className="max-w-md space-y-5"
    >
      <FormAlert messages={state.formErrors} />
      <FormSuccess message={state.message} />
      <AccountUsername value={username} />
      <EmailField
        label={tf("newEmail")}
        name="new_email"
        defaultValue={state.values.new_email ?? ""}
        errors={state.fieldErrors.new_email}
      />
      <CurrentPasswordField
        label={tf("currentPassword")}
        name="current_password"
        errors={state.fieldErrors.current_password}
      />
      <div className="sm:w-48">
        <SubmitButton pendingLabel={t("changingEmail")}>{t("changeEmail")}</SubmitButton>
      </div>
    </form>
  );
}
