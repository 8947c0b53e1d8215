"use client";

import { useActionState, useState } from "react";
import { deleteAccount } from "@/app/(protected)/actions";
import { FormAlert } from "@/components/ui/form-alert";
import { CurrentPasswordField } from "@/components/ui/form-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useTranslations } from "@/i18n/client";
import { type DeleteAccountField, emptyFormState, type FormState } from "@/lib/form-state";

const outlineButton =
  "inline-flex items-center justify-center rounded-lg border px-3 py-1.5 text-sm font-semibold shadow-xs focus-visible:outline-2 focus-visible:outline-offset-2";

/** Deleting takes two steps: "Delete my account" opens the confirmation, which needs the current password. */
export function DeleteAccount() {
  const [confirming, setConfirming] = useState(false);
  const [state, formAction] = useActionState<FormState<DeleteAccountField>, FormData>(
    deleteAccount,
    emptyFormState,
  );
  const t = useTranslations("settings");
  const tf = useTranslations("forms");
  const tc = useTranslations("common");

  if (!confirming) {
    return (
      <button
        type="button"
        onClick={() => setConfirming(true)}
        className={`${outlineButton} border-red-300 bg-white text-red-700 hover:bg-red-50 focus-visible:outline-red-700`}
      >
        {t("deleteMyAccount")}
      </button>
    );
  }

  return (
    <form action={formAction} noValidate className="max-w-md space-y-5">
      <p className="text-sm text-zinc-700">{t("deleteWarning")}</p>
      <FormAlert messages={state.formErrors} />
      <CurrentPasswordField
        label={tf("currentPassword")}
        name="current_password"
        autoFocus
        errors={state.fieldErrors.current_password}
      />
      <div className="flex flex-wrap items-center gap-3">
        <div className="sm:w-48">
          <SubmitButton pendingLabel={t("deleting")} variant="danger">
            {t("deleteAccount")}
          </SubmitButton>
        </div>
        <button
          type="button"
          onClick={() => setConfirming(false)}
          className={`${outlineButton} border-zinc-300 bg-white text-zinc-900 hover:bg-zinc-50 focus-visible:outline-zinc-900`}
        >
          {tc("cancel")}
        </button>
      </div>
    </form>
  );
}
