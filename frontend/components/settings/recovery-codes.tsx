"use client";

import { useState, useTransition } from "react";
import { regenerateRecoveryCodes } from "@/app/(protected)/settings/security/actions";
import { FACTOR_CHANGE, useStepUp } from "@/components/settings/step-up";
import { buttonClassName } from "@/components/ui/button-styles";
import { FormAlert } from "@/components/ui/form-alert";
import { PendingButton } from "@/components/ui/pending-button";
import { useTranslations } from "@/i18n/client";
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
  const t = useTranslations("recoveryCodes");
  const text = recoveryCodesText(codes, {
    heading: t("fileHeading", { site: APP_NAME, account }),
    note: t("fileNote", { date: new Date().toISOString().slice(0, 10) }),
  });

  return (
    <section
      aria-labelledby="new-codes-heading"
      className="space-y-4 rounded-2xl border border-amber-200 bg-amber-50 p-5"
    >
      <div>
        <h2 id="new-codes-heading" className="text-sm font-semibold text-amber-950">
          {t("saveTitle")}
        </h2>
        <p className="mt-1 text-sm text-amber-900">{t("saveBody")}</p>
      </div>
      <ol
        aria-label={t("listLabel")}
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
          {t("copy")}
        </button>
        <a
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
          download={RECOVERY_CODES_FILENAME}
          className={buttonClassName("secondary")}
        >
          {t("download")}
        </a>
        <button type="button" className={buttonClassName("secondary")} onClick={onDismiss}>
          {t("saved")}
        </button>
      </div>
      <p role="status" className="text-sm text-amber-900">
        {copied === true ? t("copied") : null}
        {copied === false ? t("copyBlocked") : null}
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
  const t = useTranslations("recoveryCodes");

  return (
    <div className="space-y-3">
      <p className="text-sm text-zinc-700">
        {total === 0 ? t("none") : t("left", { remaining, total })} {t("regenerateHint")}
      </p>
      <FormAlert messages={errors} />
      <div className="sm:w-64">
        <PendingButton
          variant="secondary"
          pending={pending}
          pendingLabel={t("generating")}
          onClick={() => {
            setErrors([]);
            startTransition(async () => {
              const result = await runSensitive(regenerateRecoveryCodes, FACTOR_CHANGE);
              if (result.kind === "done") onNewCodes(result.data.recoveryCodes);
              else if (result.kind === "failed") setErrors(result.formErrors);
            });
          }}
        >
          {t("generate")}
        </PendingButton>
      </div>
    </div>
  );
}
