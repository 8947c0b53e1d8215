"use client";

import Link from "next/link";
import { useActionState } from "react";
import { resendPasswordReset } from "@/app/(auth)/actions";
import { FormAlert } from "@/components/ui/form-alert";
import { FormSuccess } from "@/components/ui/form-success";
import { SubmitButton } from "@/components/ui/submit-button";
import { useTranslations } from "@/i18n/client";
import { emptyFormState, type FormState } from "@/lib/form-state";
import { FORGOT_PASSWORD_PATH } from "@/lib/routes";

/**
 * An expired reset link's one button: the old link goes back to the backend, which mails a new one to the address
 * the old one was for. `notice` is the "this link has expired" the reset form was told.
 */
export function ResendResetLink({
  uid,
  token,
  notice,
}: {
  uid: string;
  token: string;
  notice: string[];
}) {
  const [state, formAction] = useActionState<FormState<never>, FormData>(
    resendPasswordReset,
    emptyFormState,
  );
  const t = useTranslations("resetPassword");

  if (state.done) {
    return (
      <div className="space-y-5">
        <FormAlert messages={state.formErrors} />
        <FormSuccess message={state.message} />
        {state.message ? null : (
          <Link
            href={FORGOT_PASSWORD_PATH}
            className="text-sm font-semibold text-zinc-900 underline underline-offset-4"
          >
            {t("requestNew")}
          </Link>
        )}
      </div>
    );
  }

  return (
    <form action={formAction} className="space-y-5">
      <input type="hidden" name="uid" value={uid} />
      <input type="hidden" name="token" value={token} />
      <FormAlert messages={state.formErrors.length > 0 ? state.formErrors : notice} />
      <SubmitButton pendingLabel={t("sendNewPending")}>{t("sendNew")}</SubmitButton>
    </form>
  );
}
