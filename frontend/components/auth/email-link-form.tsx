"use client";

import Link from "next/link";
import { useActionState } from "react";
import { confirmEmailChange, verifyEmail } from "@/app/(auth)/actions";
import { FormAlert } from "@/components/ui/form-alert";
import { FormSuccess } from "@/components/ui/form-success";
import { SubmitButton } from "@/components/ui/submit-button";
import { emptyFormState, type FormState } from "@/lib/form-state";

const actions = {
  verify: { action: verifyEmail, label: "Verify email", pending: "Verifying…" },
  "confirm-change": {
    action: confirmEmailChange,
    label: "Confirm new email",
    pending: "Confirming…",
  },
} as const;

/**
 * An emailed link only opens this page; the key is spent by pressing the button, a POST, so mail scanners that
 * fetch links do not use it up.
 */
export function EmailLinkForm({ kind, linkKey }: { kind: keyof typeof actions; linkKey: string }) {
  const { action, label, pending } = actions[kind];
  const [state, formAction] = useActionState<FormState<never>, FormData>(action, emptyFormState);

  if (state.done) {
    return (
      <div className="space-y-5">
        <FormAlert messages={state.formErrors} />
        <FormSuccess message={state.message} />
        <p className="text-sm text-zinc-600">
          <Link
            href="/dashboard"
            className="font-semibold text-zinc-900 underline underline-offset-4"
          >
            Go to your dashboard
          </Link>
        </p>
      </div>
    );
  }

  return (
    <form action={formAction} className="space-y-5">
      <input type="hidden" name="key" value={linkKey} />
      <FormAlert messages={state.formErrors} />
      <SubmitButton pendingLabel={pending}>{label}</SubmitButton>
    </form>
  );
}
