"use client";

import { useActionState } from "react";
import { login } from "@/app/(auth)/actions";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField } from "@/components/ui/form-field";
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
      <FormField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        inputMode="email"
        spellCheck={false}
        required
        defaultValue={state.values.email ?? ""}
        errors={state.fieldErrors.email}
      />
      <FormField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        errors={state.fieldErrors.password}
      />
      <SubmitButton pendingLabel="Logging in…">Log in</SubmitButton>
    </form>
  );
}
