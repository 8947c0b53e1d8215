"use client";

import { useActionState } from "react";
import { revokeOtherSessions, revokeSession } from "@/app/(protected)/actions";
import { FormAlert } from "@/components/ui/form-alert";
import { FormSuccess } from "@/components/ui/form-success";
import { SubmitButton } from "@/components/ui/submit-button";
import { emptyFormState, type FormState } from "@/lib/form-state";

export function RevokeSessionButton({ sessionId, device }: { sessionId: string; device: string }) {
  const [state, formAction] = useActionState<FormState<never>, FormData>(
    revokeSession,
    emptyFormState,
  );
  return (
    <form action={formAction} aria-label={`Sign out ${device}`} className="space-y-2">
      <input type="hidden" name="session_id" value={sessionId} />
      <SubmitButton pendingLabel="Signing out…" variant="secondary">
        Sign out
      </SubmitButton>
      <FormAlert messages={state.formErrors} />
    </form>
  );
}

export function RevokeOthersButton() {
  const [state, formAction] = useActionState<FormState<never>, FormData>(
    revokeOtherSessions,
    emptyFormState,
  );
  return (
    <form action={formAction} className="space-y-3">
      <FormAlert messages={state.formErrors} />
      <FormSuccess message={state.message} />
      <SubmitButton pendingLabel="Signing out…" variant="secondary">
        Sign out everywhere else
      </SubmitButton>
    </form>
  );
}
