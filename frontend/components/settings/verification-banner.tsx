"use client";

import { useActionState } from "react";
import { resendVerification } from "@/app/(protected)/actions";
import { FormAlert } from "@/components/ui/form-alert";
import { FormSuccess } from "@/components/ui/form-success";
import { SubmitButton } from "@/components/ui/submit-button";
import { emptyFormState, type FormState } from "@/lib/form-state";

export function VerificationBanner() {
  const [state, formAction] = useActionState<FormState<never>, FormData>(
    resendVerification,
    emptyFormState,
  );

  return (
    <section
      aria-labelledby="verify-heading"
      className="space-y-3 rounded-2xl border border-amber-200 bg-amber-50 p-5"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="verify-heading" className="text-sm font-semibold text-amber-950">
            Please verify your email address
          </h2>
          <p className="mt-1 text-sm text-amber-900">
            We sent a link to your email address. Open it to confirm the address is yours.
          </p>
        </div>
        <form action={formAction}>
          <SubmitButton pendingLabel="Sending…" variant="secondary">
            Resend
          </SubmitButton>
        </form>
      </div>
      <FormAlert messages={state.formErrors} />
      <FormSuccess message={state.message} />
    </section>
  );
}
