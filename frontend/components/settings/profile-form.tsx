"use client";

import { useActionState } from "react";
import { updateProfile } from "@/app/(protected)/actions";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField } from "@/components/ui/form-field";
import { FormSuccess } from "@/components/ui/form-success";
import { SubmitButton } from "@/components/ui/submit-button";
import { useTranslations } from "@/i18n/client";
import { emptyFormState, type FormState, type ProfileField } from "@/lib/form-state";
import { NAME_MAX_LENGTH } from "@/lib/validations/limits";

export function ProfileForm({ name }: { name: string }) {
  const [state, formAction] = useActionState<FormState<ProfileField>, FormData>(
    updateProfile,
    emptyFormState,
  );
  const t = useTranslations("settings");
  const tf = useTranslations("forms");

  return (
    <form action={formAction} noValidate className="max-w-md space-y-5">
      <FormAlert messages={state.formErrors} />
      <FormSuccess message={state.message} />
      <FormField
        label={tf("name")}
        name="name"
        type="text"
        autoComplete="name"
        maxLength={NAME_MAX_LENGTH}
        required
        defaultValue={state.values.name ?? name}
        errors={state.fieldErrors.name}
      />
      <div className="sm:w-48">
        <SubmitButton pendingLabel={t("saving")}>{t("save")}</SubmitButton>
      </div>
    </form>
  );
}
