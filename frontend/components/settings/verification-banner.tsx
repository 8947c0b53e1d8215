"use client";

import { useActionState } from "react";
import { resendVerification } from "@/app/(protected)/actions";
import { FormAlert } from "@/components/ui/form-alert";
import { FormSuccess } from "@/components/ui/form-success";
import { SubmitButton } from "@/components/ui/submit-button";
import { useTranslations } from "@/i18n/client";
import { emptyFormState, type FormState } from "@/lib/form-state";

export function VerificationBanner() {
  const [state, formAction] = useActionState<FormState<never>, FormData>(
    resendVerification,
    emptyFormState,
  );
  const t = useTranslations("dashboard");

  return (
    <section
      aria-labelledby="verify-heading"
      className="space-y-3 rounded-2xl border border-amber-200 bg-amber-50 p-5"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="verify-heading" className="text-sm font-semibold text-amber-950">
            {t("verifyTitle")}
          </h2>
          <p className="mt-1 text-sm text-amber-900">{t("verifyBody")}</p>
        </div>
        <form action={formAction}>
          <SubmitButton pendingLabel={t("resendPending")} variant="secondary">
            {t("resend")}
          </SubmitButton>
        </form>
      </div>
      <FormAlert messages={state.formErrors} />
      <FormSuccess message={state.message} />
    </section>
  );
}
