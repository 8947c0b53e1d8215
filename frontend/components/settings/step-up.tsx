"use client";

import {
  createContext,
  type FormEvent,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
} from "react";
import {
  reauthenticate,
  reauthenticateWithPasskey,
  reauthenticationPasskeyOptions,
} from "@/app/(protected)/settings/security/actions";
import { FormAlert } from "@/components/ui/form-alert";
import {
  CurrentPasswordField,
  OneTimeCodeField,
  RecoveryCodeField,
} from "@/components/ui/form-field";
import { PendingButton } from "@/components/ui/pending-button";
import { useTranslations } from "@/i18n/client";
import {
  emptyFormState,
  type FormState,
  type ReauthField,
  type StepUpResult,
} from "@/lib/form-state";
import { type Factors, type ReauthMethod, reauthMethodsFor } from "@/lib/mfa";
import { runWithStepUp, type StepUpOutcome } from "@/lib/step-up";

type StepUpOptions = { secondFactorOnly?: boolean };

/**
 * Adding, replacing or removing a factor of an account that already has a second factor needs a recent second
 * factor (the password alone must not mint one); an account without one confirms with its password.
 */
export const FACTOR_CHANGE: StepUpOptions = { secondFactorOnly: true };
type Ask = (options: StepUpOptions) => Promise<boolean>;

const StepUpContext = createContext<Ask | null>(null);

/** Holds the step-up dialog for the sensitive actions below it; `factors` decides which proofs it offers. */
export function StepUpProvider({ factors, children }: { factors: Factors; children: ReactNode }) {
  const [request, setRequest] = useState<{
    methods: ReauthMethod[];
    resolve: (confirmed: boolean) => void;
  } | null>(null);

  const ask = useCallback<Ask>(
    ({ secondFactorOnly = false }) =>
      new Promise<boolean>((resolve) => {
        setRequest({ methods: reauthMethodsFor(factors, { secondFactorOnly }), resolve });
      }),
    [factors],
  );

  return (
    <StepUpContext.Provider value={ask}>
      {children}
      {request ? (
        <StepUpDialog
          methods={request.methods}
          onClose={(confirmed) => {
            request.resolve(confirmed);
            setRequest(null);
          }}
        />
      ) : null}
    </StepUpContext.Provider>
  );
}

/**
 * Runs a sensitive server action; when the backend wants the user to prove who they are again, the dialog asks
 * and the action runs once more. Resolves to `cancelled` when the user closes the dialog.
 */
export function useStepUp() {
  const ask = useContext(StepUpContext);
  const notConfirmed = useTranslations("stepUp")("notConfirmed");
  if (!ask) throw new Error("useStepUp needs a StepUpProvider above it.");
  return useCallback(
    <T, Field extends string = never>(
      action: () => Promise<StepUpResult<T, Field>>,
      options: StepUpOptions = {},
    ): Promise<StepUpOutcome<T, Field>> => runWithStepUp(action, () => ask(options), notConfirmed),
    [ask, notConfirmed],
  );
}

const METHOD_LABELS = {
  password: "methodPassword",
  totp: "methodTotp",
  recovery_code: "methodRecoveryCode",
  passkey: "methodPasskey",
} as const satisfies Record<ReauthMethod, string>;

function StepUpDialog({
  methods,
  onClose,
}: {
  methods: ReauthMethod[];
  onClose: (confirmed: boolean) => void;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [method, setMethod] = useState<ReauthMethod>(methods[0] ?? "password");
  // Plain state, not useActionState or a transition: the dialog is opened from inside the caller's pending
  // transition, and React holds back every transition update until that one ends (it waits for this dialog), so
  // an error set in a transition here would never show.
  const [state, setState] = useState<FormState<ReauthField>>(emptyFormState);
  const [submitting, setSubmitting] = useState(false);
  const [passkeyErrors, setPasskeyErrors] = useState<string[]>([]);
  const [passkeyPending, setPasskeyPending] = useState(false);
  const t = useTranslations("stepUp");
  const tp = useTranslations("passkey");
  const tc = useTranslations("common");

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitting(true);
    const next = await reauthenticate(state, new FormData(event.currentTarget));
    setSubmitting(false);
    if (next.done) onClose(true);
    else setState(next);
  }

  useEffect(() => {
    const dialog = dialogRef.current;
    // Focus goes back to what opened the dialog when it goes away (it is removed, not close()d, so the browser
    // would not restore it).
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    // showModal() focuses the first control, a method's radio button; the field to fill comes first.
    dialog?.querySelector<HTMLElement>("form input:not([type=hidden]), form button")?.focus();
    return () => opener?.focus();
  }, []);

  async function confirmWithPasskey() {
    setPasskeyErrors([]);
    setPasskeyPending(true);
    try {
      const [{ authenticate }, options] = await Promise.all([
        import("@/lib/passkey-prompt"),
        reauthenticationPasskeyOptions(),
      ]);
      if (!options.ok) {
        setPasskeyErrors(options.formErrors);
        return;
      }
      const prompt = await authenticate(options.options);
      if (!prompt.ok) {
        setPasskeyErrors(prompt.error ? [tp(prompt.error)] : []);
        return;
      }
      const result = await reauthenticateWithPasskey(prompt.credential);
      if (result.done) onClose(true);
      else setPasskeyErrors(result.formErrors);
    } finally {
      setPasskeyPending(false);
    }
  }

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      // Escape closes a modal dialog: that is a cancel.
      onCancel={(event) => {
        event.preventDefault();
        onClose(false);
      }}
      className="m-auto w-full max-w-sm rounded-2xl border border-zinc-200 bg-white p-6 shadow-xl backdrop:bg-zinc-900/40"
    >
      <h2 id={titleId} className="text-base font-semibold text-zinc-900">
        {t("title")}
      </h2>
      <p className="mt-1 mb-5 text-sm text-zinc-600">
        {methods.includes("password") ? t("needsSignIn") : t("needsSecondFactor")}
      </p>

      {methods.length > 1 ? (
        <fieldset className="mb-5">
          <legend className="mb-2 text-sm font-medium text-zinc-900">{t("confirmWith")}</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-2">
            {methods.map((m) => (
              <label key={m} className="inline-flex items-center gap-2 text-sm text-zinc-800">
                <input
                  type="radio"
                  name="step-up-method"
                  value={m}
                  checked={method === m}
                  onChange={() => setMethod(m)}
                  className="size-4 accent-zinc-900"
                />
                {t(METHOD_LABELS[m])}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}

      {method === "passkey" ? (
        <div className="space-y-5">
          <FormAlert messages={passkeyErrors} />
          <PendingButton
            pending={passkeyPending}
            pendingLabel={tp("waiting")}
            onClick={confirmWithPasskey}
          >
            {t("usePasskey")}
          </PendingButton>
        </div>
      ) : (
        <form key={method} onSubmit={submit} noValidate className="space-y-5">
          <input type="hidden" name="method" value={method} />
          <FormAlert messages={state.formErrors} />
          {method === "password" ? (
            <CurrentPasswordField
              label={t("methodPassword")}
              name="password"
              autoFocus
              errors={state.fieldErrors.password}
            />
          ) : method === "totp" ? (
            <OneTimeCodeField
              label={t("codeLabel")}
              name="code"
              autoFocus
              errors={state.fieldErrors.code}
            />
          ) : (
            <RecoveryCodeField
              label={t("methodRecoveryCode")}
              name="recovery_code"
              autoFocus
              errors={state.fieldErrors.recovery_code}
            />
          )}
          <PendingButton type="submit" pending={submitting} pendingLabel={t("confirming")}>
            {t("confirm")}
          </PendingButton>
        </form>
      )}

      <div className="mt-4 text-center">
        <button
          type="button"
          onClick={() => onClose(false)}
          className="text-sm font-medium text-zinc-700 underline-offset-4 hover:text-zinc-900 hover:underline"
        >
          {tc("cancel")}
        </button>
      </div>
    </dialog>
  );
}
