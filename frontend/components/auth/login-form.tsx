"use client";

import { type ReactNode, useActionState, useCallback, useState } from "react";
import { login } from "@/app/(auth)/actions";
import {
  PasskeySignInButton,
  useConditionalPasskeySignIn,
} from "@/components/auth/passkey-sign-in";
import { SecondFactorForm } from "@/components/auth/second-factor-form";
import { FormAlert } from "@/components/ui/form-alert";
import { CurrentPasswordField, FormField } from "@/components/ui/form-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useTranslations } from "@/i18n/client";
import { emptyFormState, type LoginState } from "@/lib/form-state";
import type { MfaMethod } from "@/lib/mfa";
import { EMAIL_MAX_LENGTH } from "@/lib/validations/limits";

/**
 * Password first; when the account has a second factor, the same card asks for it. Leaving the second step (it
 * expired, or "Start over") shows the password step again for that same answer, with a notice when there is one.
 */
type LoginFormProps = {
  next: string | null;
  /** Shown above the form until the first submission (how a social sign-in ended, for one). */
  notice?: string | null;
  /** Opens on the second step: a sign-in begun elsewhere (a social one) left its mfa_token in the cookie. */
  secondStep?: MfaMethod[] | null;
  /** More ways to sign in, under the password step (the social sign-in buttons). */
  alternatives?: ReactNode;
};

export function LoginForm({
  next,
  notice = null,
  secondStep = null,
  alternatives,
}: LoginFormProps) {
  const [initialState] = useState<LoginState>(() =>
    secondStep && secondStep.length > 0
      ? { ...emptyFormState, mfa: { methods: secondStep } }
      : emptyFormState,
  );
  const [state, formAction] = useActionState<LoginState, FormData>(login, initialState);
  const [left, setLeft] = useState<{ state: LoginState; notice: string | null } | null>(null);
  const [passkeyErrors, setPasskeyErrors] = useState<string[]>([]);

  const leaveSecondStep = useCallback(
    (notice: string | null) => setLeft({ state, notice }),
    [state],
  );
  const onExpired = useCallback((message: string) => leaveSecondStep(message), [leaveSecondStep]);
  const onCancel = useCallback(() => leaveSecondStep(null), [leaveSecondStep]);

  if (state.mfa && left?.state !== state) {
    return (
      <SecondFactorForm
        methods={state.mfa.methods}
        next={next}
        onExpired={onExpired}
        onCancel={onCancel}
      />
    );
  }

  const leftNotice = left?.state === state ? left.notice : null;
  const pageNotice = state === initialState && !state.mfa ? notice : null;
  const notices = [leftNotice, pageNotice].filter((n): n is string => Boolean(n));
  return (
    <PasswordStep
      next={next}
      state={state}
      formAction={formAction}
      notices={notices}
      passkeyErrors={passkeyErrors}
      setPasskeyErrors={setPasskeyErrors}
      alternatives={alternatives}
    />
  );
}

type PasswordStepProps = {
  next: string | null;
  state: LoginState;
  formAction: (formData: FormData) => void;
  notices: string[];
  passkeyErrors: string[];
  setPasskeyErrors: (errors: string[]) => void;
  alternatives?: ReactNode;
};

function PasswordStep({
  next,
  state,
  formAction,
  notices,
  passkeyErrors,
  setPasskeyErrors,
  alternatives,
}: PasswordStepProps) {
  // Mounted with the password step only, so the autofill request ends when the second step begins.
  useConditionalPasskeySignIn(next, setPasskeyErrors);
  const t = useTranslations("login");
  const tf = useTranslations("forms");
  const tc = useTranslations("common");

  return (
    <div className="space-y-6">
      <form action={formAction} noValidate className="space-y-5">
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <FormAlert messages={[...notices, ...state.formErrors]} />
        <FormField
          label={tf("email")}
          name="email"
          type="email"
          // "webauthn" lets the browser list passkeys in this field's autofill (conditional UI).
          autoComplete="username webauthn"
          inputMode="email"
          spellCheck={false}
          maxLength={EMAIL_MAX_LENGTH}
          required
          defaultValue={state.values.email ?? ""}
          errors={state.fieldErrors.email}
        />
        <CurrentPasswordField
          label={tf("password")}
          name="password"
          errors={state.fieldErrors.password}
        />
        <SubmitButton pendingLabel={t("pending")}>{t("submit")}</SubmitButton>
      </form>
      <div className="flex items-center gap-3 text-xs text-zinc-500" aria-hidden="true">
        <span className="h-px flex-1 bg-zinc-200" />
        {tc("or")}
        <span className="h-px flex-1 bg-zinc-200" />
      </div>
      <PasskeySignInButton next={next} errors={passkeyErrors} onErrors={setPasskeyErrors} />
      {alternatives}
    </div>
  );
}
