"use client";

import { useActionState } from "react";
import { changePassword } from "@/app/(protected)/actions";
import { FormAlert } from "@/components/ui/form-alert";
import {
  AccountUsername,
  CurrentPasswordField,
  NewPasswordField,
} from "@/components/ui/form-field";
import { FormSuccess } from "@/components/ui/form-success";
import { SubmitButton } from "@/components/ui/submit-button";
import { useTranslations } from "@/i18n/client";
import { type ChangePasswordField, emptyFormState, type FormState } from "@/lib/form-state";

export function PasswordForm({ username }: { username: string }) {
  const [state, formAction] = useActionState<FormState<ChangePasswordField>, FormData>(
    changePassword,
    emptyFormState,
  );
  const t = useTranslations("settings");
  const tf = useTranslations("forms");

  return (
    // The key resets the password inputs after a success, so the old values are not left in the form.
    <form
      key={state.message ?? "editing"}
      action={formAction}
      noValidate
      className="max-w-md space-y-5"
    >
      <FormAlert messages={state.formErrors} />
      <FormSuccess message={state.message} />
      <AccountUsername value={username} />
      <CurrentPasswordField
        label={tf("currentPassword")}
        name="current_password"
        errors={state.fieldErrors.current_password}
      />
      <NewPasswordField
        label={tf("newPassword")}
        name="new_password"
        errors={state.fieldErrors.new_password}
      />
      <div className="sm:w-48">
        <SubmitButton pendingLabel={t("changingPassword")}>{t("changePassword")}</SubmitButton>
      </div>
    </form>
  );
}
