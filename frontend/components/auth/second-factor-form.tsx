"use client";

import { useActionState, useEffect, useState, useTransition } from "react";
import {
  secondFactorPasskeyOptions,
  verifySecondFactor,
  verifySecondFactorPasskey,
} from "@/app/(auth)/actions";
import { FormAlert } from "@/components/ui/form-alert";
import { OneTimeCodeField, RecoveryCodeField } from "@/components/ui/form-field";
import { LinkButton } from "@/components/ui/link-button";
import { PendingButton } from "@/components/ui/pending-button";
import { SubmitButton } from "@/components/ui/submit-button";
import { useTranslations } from "@/i18n/client";
import { emptyFormState, type SecondStepState } from "@/lib/form-state";
import type { MfaMethod } from "@/lib/mfa";
import { initialSecondStep } from "@/lib/second-step";

type SecondFactorFormProps = {
  methods: MfaMethod[];
  next: string | null;
  /** The sign-in attempt is over (expired, used up): back to the password step with this message. */
  onExpired: (message: string) => void;
  onCancel: () => void;
};

const INSTRUCTIONS = {
  totp: "instructionsTotp",
  recovery_code: "instructionsRecoveryCode",
  passkey: "instructionsPasskey",
} as const satisfies Record<MfaMethod, string>;

/** The login's second step. The mfa_token stays in an httpOnly cookie: this form only sends the code. */
export function SecondFactorForm({ methods, next, onExpired, onCancel }: SecondFactorFormProps) {
  const [method, setMethod] = useState<MfaMethod>(() => initialSecondStep(methods));
  const [state, formAction] = useActionState<SecondStepState, FormData>(
    verifySecondFactor,
    emptyFormState,
  );
  const [passkeyErrors, setPasskeyErrors] = useState<string[]>([]);
  const [passkeyPending, startPasskey] = useTransition();
  const t = useTranslations("secondFactor");
  const tp = useTranslations("passkey");
  const signInExpired = tp("signInExpired");

  useEffect(() => {
    if (state.expired) onExpired(state.formErrors[0] ?? signInExpired);
  }, [state, onExpired, signInExpired]);

  function signInWithPasskey() {
    setPasskeyErrors([]);
    startPasskey(async () => {
      const [{ authenticate }, options] = await Promise.all([
        import("@/lib/passkey-prompt"),
        secondFactorPasskeyOptions(),
      ]);
      if (!options.ok) {
        if (options.expired) onExpired(options.formErrors[0] ?? signInExpired);
        else setPasskeyErrors(options.formErrors);
        return;
      }
      const prompt = await authenticate(options.options);
      if (!prompt.ok) {
        setPasskeyErrors(prompt.error ? [tp(prompt.error)] : []);
        return;
      }
      // Redirects on success.
      const result = await verifySecondFactorPasskey(prompt.credential, next);
      if (result.expired) onExpired(result.formErrors[0] ?? signInExpired);
      else setPasskeyErrors(result.formErrors);
    });
  }

  const alternatives = methods.filter((m) => m !== method);
  const errors = [...passkeyErrors, ...(state.expired ? [] : state.formErrors)];

  return (
    <div className="space-y-5">
      <div>
        <h2 className="text-base font-semibold text-zinc-900">{t("title")}</h2>
        <p className="mt-1 text-sm text-zinc-600">{t(INSTRUCTIONS[method])}</p>
      </div>
      <FormAlert messages={errors} />

      {method === "passkey" ? (
        <PendingButton
          pending={passkeyPending}
          pendingLabel={tp("waiting")}
          onClick={signInWithPasskey}
        >
          {t("usePasskey")}
        </PendingButton>
      ) : (
        // The key gives each kind of code a fresh field (and a fresh autofocus) when switching.
        <form key={method} action={formAction} noValidate className="space-y-5">
          {next ? <input type="hidden" name="next" value={next} /> : null}
          <input type="hidden" name="method" value={method} />
          {method === "totp" ? (
            <OneTimeCodeField
              label={t("codeLabel")}
              name="code"
              autoFocus
              errors={state.fieldErrors.code}
            />
          ) : (
            <RecoveryCodeField
              label={t("recoveryCodeLabel")}
              name="recovery_code"
              autoFocus
              errors={state.fieldErrors.recovery_code}
            />
          )}
          <SubmitButton pendingLabel={t("verifying")}>{t("verify")}</SubmitButton>
        </form>
      )}

      <ul className="space-y-2">
        {alternatives.map((alternative) => (
          <li key={alternative}>
            {alternative === "passkey" ? (
              <LinkButton onClick={signInWithPasskey} disabled={passkeyPending}>
                {t("usePasskey")}
              </LinkButton>
            ) : (
              <LinkButton onClick={() => setMethod(alternative)}>
                {alternative === "recovery_code" ? t("useRecoveryCode") : t("useTotp")}
              </LinkButton>
            )}
          </li>
        ))}
        <li>
          <LinkButton onClick={onCancel}>{t("startOver")}</LinkButton>
        </li>
      </ul>
    </div>
  );
}
