"use client";

import { useActionState } from "react";
import { changeEmail } from "@/app/(protected)/actions";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField } from "@/components/ui/form-field";
import { FormSuccess } from "@/components/ui/form-success";
import { SubmitButton } from "@/components/ui/submit-button";
import { type ChangeEmailField, emptyFormState, type FormState } from "@/lib/form-state";
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH } from "@/lib/validations/limits";

export function EmailForm() {
  const [state, formAction] = useActionState<FormState<ChangeEmailField>, FormData>(
    changeEmail,
    emptyFormState,
  );

  return (
    <form
      key={state.message ?? "editing"}
      action={formAction}
      noValidate
      className="max-w-md space-y-5"
    >
      <FormAlert messages={state.formErrors} />
      <FormSuccess message={state.message} />
      <FormField
        label="New email"
        name="new_email"
        type="email"
        autoComplete="email"
        inputMode="email"
        spellCheck={false}
        maxLength={EMAIL_MAX_LENGTH}
        required
        defaultValue={state.values.new_email ?? ""}
        errors={state.fieldErrors.new_email}
      />
      <FormField
        label="Current password"
        name="current_password"
        type="password"
        autoComplete="current-password"
        maxLength={PASSWORD_MAX_LENGTH}
        required
        errors={state.fieldErrors.current_password}
      />
      <div className="sm:w-48">
        <SubmitButton pendingLabel="Sending…">Change email</SubmitButton>
      </div>
    </form>
  );
}
