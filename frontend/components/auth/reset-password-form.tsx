"use client";

import Link from "next/link";
import { useActionState } from "react";
import { resetPassword } from "@/app/(auth)/actions";
import { ResendResetLink } from "@/components/auth/resend-reset-link";
import { FormAlert } from "@/components/ui/form-alert";
import { NewPasswordField } from "@/components/ui/form-field";
import { FormSuccess } from "@/components/ui/form-success";
import { SubmitButton } from "@/components/ui/submit-button";
import { useTranslations } from "@/i18n/client";
import { emptyFormState, type ResetPasswordState } from "@/lib/form-state";
import { FORGOT_PASSWORD_PATH, LOGIN_PATH } from "@/lib/routes";

const linkClass = "font-semibold text-zinc-900 underline underline-offset-4";

export function ResetPasswordForm({ uid, token }: { uid: string; token: string }) {
  const [state, formAction] = useActionState<ResetPasswordState, FormData>(
    resetPassword,
    emptyFormState,
  );
  const t = useTranslations("resetPassword");
  const tf = useTranslations("forms");
  const tc = useTranslations("common");

  if (state.expired) {
    return <ResendResetLink uid={uid} token={token} notice={state.formErrors} />;
  }

  if (state.done) {
    return (
      <div className="space-y-5">
        <FormAlert messages={state.formErrors} />
        <FormSuccess message={state.message} />
        <p className="text-sm text-zinc-600">
          {state.message ? (
            <Link href={LOGIN_PATH} className={linkClass}>
              {t("logInWithNew")}
            </Link>
          ) : (
            <Link href={FORGOT_PASSWORD_PATH} className={linkClass}>
              {t("requestNew")}
            </Link>
          )}
        </p>
      </div>
    );
  }

  return (
    <form action={formAction} noValidate className="space-y-5">
      <input type="hidden" name="uid" value={uid} />
      <input type="hidden" name="token" value={token} />
      <FormAlert messages={state.formErrors} />
      <NewPasswordField
        label={tf("newPassword")}
        name="new_password"
        errors={state.fieldErrors.new_password}
      />
      <SubmitButton pendingLabel={t("pending")}>{t("submit")}</SubmitButton>
      {/* Here rather than in the card's footer, so the success state above offers one login link, not two. */}
      <p className="text-center text-sm">
        <Link
          href={LOGIN_PATH}
          className="font-semibold text-zinc-900 underline-offset-4 hover:underline"
        >
          {tc("backToLogIn")}
        </Link>
      </p>
    </form>
  );
}
