"use client";

import { useActionState } from "react";
import { login } from "@/app/(auth)/actions";
import { FormAlert } from "@/components/ui/form-alert";
import { CurrentPasswordField, EmailField } from "@/components/ui/form-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { emptyFormState, type FormState, type LoginField } from "@/lib/form-state";

export function LoginForm({ next }: { next: string | null }) {
  const [state, formAction] = useActionState<FormState<LoginField>, FormData>(
    login,
    emptyFormState,
  );

  return (
    <form action={formAction} noValidate className="space-y-5">
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <FormAlert messages={state.formErrors} />
      <EmailField
        label="Email"
        name="email"
        defaultValue={state.values.email ?? ""}
        errors={state.fieldErrors.email}
      />
      <CurrentPasswordField label="Password" name="password" errors={state.fieldErrors.password} />
      <SubmitButton pendingLabel="Logging in…">Log in</SubmitButton>
    </form>
  );
}
