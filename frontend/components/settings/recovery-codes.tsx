"use client";

import { useState, useTransition } from "react";
import { regenerateRecoveryCodes } from "@/app/(protected)/settings/security/actions";
import { FACTOR_CHANGE, useStepUp } from "@/components/settings/step-up";
import { buttonClassName } from "@/components/ui/button-styles";
import { FormAlert } from "@/components/ui/form-alert";
import { PendingButton } from "@/components/ui/pending-button";
import { recoveryCodesText } from "@/lib/mfa";
import { APP_NAME } from "@/lib/site";

export const RECOVERY_CODES_FILENAME = "latchkey-recovery-codes.txt";

/** Freshly issued codes, shown this once: copy them, download them, then put them away. */
export function NewRecoveryCodes({
  codes,
  account,
  onDismiss,
}: {
  codes: string[];
  account: string;
  onDismiss: () => void;
}) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const text = recoveryCodesText(codes, { account, site: APP_NAME, issuedAt: new Date() });

  return (
    <section
      aria-labelledby="new-codes-heading"
      className="space-y-4 rounded-2xl border border-amber-200 bg-amber-50 p-5"
    >
      <div>
        <h2 id="new-codes-heading" className="text-sm font-semibold text-amber-950">
          Save your recovery codes
        </h2>
        <p className="mt-1 text-sm text-amber-900">
          Each code signs you in once if you lose your authenticator app or passkeys. They are shown
          only now: copy or download them and keep them somewhere safe.
        </p>
      </div>
      <ol
        aria-label="Recovery codes"
        className="grid grid-cols-1 gap-x-6 gap-y-1 rounded-lg border border-amber-200 bg-white p-4 font-mono text-sm text-zinc-900 sm:grid-cols-2"
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          className={buttonClassName("secondary")}
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(codes.join("\n"));
              setCopied(true);
            } catch {
              setCopied(false);
            }
          }}
        >
          Copy codes
        </button>
        <a
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
          download={RECOVERY_CODES_FILENAME}
          className={buttonClassName("secondary")}
        >
          Download .txt
        </a>
        <button type="button" className={buttonClassName("secondary")} onClick={onDismiss}>
          I have saved them
        </button>
      </div>
      <p role="status" className="text-sm text-amber-900">
        {copied === true ? "Copied to the clipboard." : null}
        {copied === false ? "Copying is blocked here: select the codes or download them." : null}
      </p>
    </section>
  );
}

/** How many codes are left, and a way to replace them all. */
export function RecoveryCodesSettings({
  total,
  remaining,
  onNewCodes,
}: {
  total: number;
  remaining: number;
  onNewCodes: (codes: string[]) => void;
}) {
  const runSensitive = useStepUp();
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<string[]>([]);

  return (
    <div className="space-y-3">
      <p className="text-sm text-zinc-700">
        {total === 0 ? "No recovery codes yet." : `${remaining} of ${total} recovery codes left.`}{" "}
        Generating new codes makes the old ones stop working.
      </p>
      <FormAlert messages={errors} />
      <div className="sm:w-64">
        <PendingButton
          variant="secondary"
          pending={pending}
          pendingLabel="Generating…"
          onClick={() => {
            setErrors([]);
            startTransition(async () => {
              const result = await runSensitive(regenerateRecoveryCodes, FACTOR_CHANGE);
              if (result.kind === "done") onNewCodes(result.data.recoveryCodes);
              else if (result.kind === "failed") setErrors(result.formErrors);
            });
          }}
        >
          Generate new recovery codes
        </PendingButton>
      </div>
    </div>
  );
}
