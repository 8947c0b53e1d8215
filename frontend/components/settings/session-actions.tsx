"use client";

import { useActionState, useState, useTransition } from "react";
import { revokeOtherSessions, revokeSession } from "@/app/(protected)/actions";
import { useStepUp } from "@/components/settings/step-up";
import { FormAlert } from "@/components/ui/form-alert";
import { FormSuccess } from "@/components/ui/form-success";
import { PendingButton } from "@/components/ui/pending-button";
import { SubmitButton } from "@/components/ui/submit-button";
import { useTranslations } from "@/i18n/client";
import { emptyFormState, type FormState } from "@/lib/form-state";

export function RevokeSessionButton({ sessionId, device }: { sessionId: string; device: string }) {
  const [state, formAction] = useActionState<FormState<never>, FormData>(
    revokeSession,
    emptyFormState,
  );
  const t = useTranslations("sessions");
  return (
    <form action={formAction} aria-label={t("signOutDevice", { device })} className="space-y-2">
      <input type="hidden" name="session_id" value={sessionId} />
      <SubmitButton pendingLabel={t("signingOut")} variant="secondary">
        {t("signOut")}
      </SubmitButton>
      <FormAlert messages={state.formErrors} />
    </form>
  );
}

/**
 * Needs a recent proof of identity: the step-up dialog asks for one when the backend says so, then it runs again.
 * Without `others` (sessions besides this one) the button is left out, but its live regions stay mounted so the
 * result of signing the last other device out is still announced.
 */
export function RevokeOthersButton({ others }: { others: number }) {
  const runSensitive = useStepUp();
  const t = useTranslations("sessions");
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<string[]>([]);
  const [message, setMessage] = useState<string | undefined>(undefined);
  return (
    <div className="space-y-3">
      <FormAlert messages={errors} />
      <FormSuccess message={message} />
      {others > 0 ? (
        <div className="sm:w-64">
          <PendingButton
            variant="secondary"
            pending={pending}
            pendingLabel={t("signingOut")}
            onClick={() => {
              setErrors([]);
              setMessage(undefined);
              startTransition(async () => {
                const result = await runSensitive(revokeOtherSessions);
                if (result.kind === "done") setMessage(result.data.message);
                else if (result.kind === "failed") setErrors(result.formErrors);
              });
            }}
          >
            {t("signOutOthers")}
          </PendingButton>
        </div>
      ) : null}
    </div>
  );
}
