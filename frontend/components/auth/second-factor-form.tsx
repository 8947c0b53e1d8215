"use client";

import { startAuthentication } from "@simplewebauthn/browser";
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
import { emptyFormState, type SecondStepState } from "@/lib/form-state";
import { initialSecondStep, type MfaMethod, SIGN_IN_EXPIRED_MESSAGE } from "@/lib/mfa";
import { passkeyErrorMessage } from "@/lib/webauthn-errors";

type SecondFactorFormProps = {
  methods: MfaMethod[];
  next: string | null;
  /** The sign-in attempt is over (expired, used up): back to the password step with this message. */
  onExpired: (message: string) => void;
  onCancel: () => void;
};

const INSTRUCTIONS: Record<MfaMethod, string> = {
  totp: "Enter the 6-digit code from your authenticator app.",
  recovery_code:
    "Enter one of the recovery codes you saved when you set up two-factor authentication.",
  passkey: "Use a passkey saved on this device, a phone or a security key.",
};

/** The login's second step. The mfa_token stays in an httpOnly cookie: this form only sends the code. */
export function SecondFactorForm({ methods, next, onExpired, onCancel }: SecondFactorFormProps) {
  const [method, setMethod] = useState<MfaMethod>(() => initialSecondStep(methods));
  const [state, formAction] = useActionState<SecondStepState, FormData>(
    verifySecondFactor,
    emptyFormState,
  );
  const [passkeyErrors, setPasskeyErrors] = useState<string[]>([]);
  const [passkeyPending, startPasskey] = useTransition();

  useEffect(() => {
    if (state.expired) onExpired(state.formErrors[0] ?? SIGN_IN_EXPIRED_MESSAGE);
  }, [state, onExpired]);

  function signInWithPasskey() {
    setPasskeyErrors([]);
    startPasskey(async () => {
      const options = await secondFactorPasskeyOptions();
      if (!options.ok) {
        if (options.expired) onExpired(options.formErrors[0] ?? SIGN_IN_EXPIRED_MESSAGE);
        else setPasskeyErrors(options.formErrors);
        return;
      }
      let credential: Awaited<ReturnType<typeof startAuthentication>>;
      try {
        credential = await startAuthentication({ optionsJSON: options.options });
      } catch (error) {
        const message = passkeyErrorMessage(error);
        setPasskeyErrors(message ? [message] : []);
        return;
      }
      // Redirects on success.
      const result = await verifySecondFactorPasskey(credential, next);
      if (result.expired) onExpired(result.formErrors[0] ?? SIGN_IN_EXPIRED_MESSAGE);
      else setPasskeyErrors(result.formErrors);
    });
  }

  const alternatives = methods.filter((m) => m !== method);
  const errors = [...passkeyErrors, ...(state.expired ? [] : state.formErrors)];

  return (
    <div className="space-y-5">
      <div>
        <h2 className="text-base font-semibold text-zinc-900">Two-factor authentication</h2>
        <p className="mt-1 text-sm text-zinc-600">{INSTRUCTIONS[method]}</p>
      </div>
      <FormAlert messages={errors} />

      {method === "passkey" ? (
        <PendingButton
          pending={passkeyPending}
          pendingLabel="Waiting for your passkey…"
          onClick={signInWithPasskey}
        >
          Use a passkey
        </PendingButton>
      ) : (
        // The key gives each kind of code a fresh field (and a fresh autofocus) when switching.
        <form key={method} action={formAction} noValidate className="space-y-5">
          {next ? <input type="hidden" name="next" value={next} /> : null}
          <input type="hidden" name="method" value={method} />
          {method === "totp" ? (
            <OneTimeCodeField
              label="Authentication code"
              name="code"
              autoFocus
              errors={state.fieldErrors.code}
            />
          ) : (
            <RecoveryCodeField
              label="Recovery code"
              name="recovery_code"
              autoFocus
              errors={state.fieldErrors.recovery_code}
            />
          )}
          <SubmitButton pendingLabel="Verifying…">Verify</SubmitButton>
        </form>
      )}

      <ul className="space-y-2">
        {alternatives.map((alternative) => (
          <li key={alternative}>
            {alternative === "passkey" ? (
              <LinkButton onClick={signInWithPasskey} disabled={passkeyPending}>
                Use a passkey
              </LinkButton>
            ) : (
              <LinkButton onClick={() => setMethod(alternative)}>
                {alternative === "recovery_code"
                  ? "Use a recovery code instead"
                  : "Use your authenticator app instead"}
              </LinkButton>
            )}
          </li>
        ))}
        <li>
          <LinkButton onClick={onCancel}>Start over</LinkButton>
        </li>
      </ul>
    </div>
  );
}
