"use client";

import { useId, useState, useTransition } from "react";
import {
  confirmTotp,
  disableTotp,
  startTotpSetup,
} from "@/app/(protected)/settings/security/actions";
import { FACTOR_CHANGE, useStepUp } from "@/components/settings/step-up";
import { buttonClassName } from "@/components/ui/button-styles";
import { FormAlert } from "@/components/ui/form-alert";
import { OneTimeCodeField } from "@/components/ui/form-field";
import { LinkButton } from "@/components/ui/link-button";
import { PendingButton } from "@/components/ui/pending-button";
import { SubmitButton } from "@/components/ui/submit-button";
import { useTranslations } from "@/i18n/client";
import { text } from "@/lib/form-data";
import type { TotpConfirmField } from "@/lib/form-state";
import { groupSecret, svgDataUrl } from "@/lib/mfa";

type Errors = { fieldErrors: Partial<Record<TotpConfirmField, string[]>>; formErrors: string[] };
const noErrors: Errors = { fieldErrors: {}, formErrors: [] };

/** Turning the authenticator app on (scan, then prove it with a code) and off. */
export function TotpSettings({
  enabled,
  onNewCodes,
}: {
  enabled: boolean;
  onNewCodes: (codes: string[]) => void;
}) {
  const runSensitive = useStepUp();
  const [setup, setSetup] = useState<{ secret: string; qrSvg: string } | null>(null);
  const [confirmingOff, setConfirmingOff] = useState(false);
  const [errors, setErrors] = useState<Errors>(noErrors);
  const [pending, startTransition] = useTransition();
  const setupKeyId = useId();
  const t = useTranslations("totp");
  const tc = useTranslations("common");

  function begin() {
    setErrors(noErrors);
    startTransition(async () => {
      const result = await runSensitive(startTotpSetup, FACTOR_CHANGE);
      if (result.kind === "done") setSetup(result.data);
      else if (result.kind === "failed") setErrors(result);
    });
  }

  async function confirm(formData: FormData) {
    setErrors(noErrors);
    const code = text(formData, "code");
    const result = await runSensitive(() => confirmTotp(code), FACTOR_CHANGE);
    if (result.kind === "done") {
      setSetup(null);
      if (result.data.recoveryCodes.length > 0) onNewCodes(result.data.recoveryCodes);
    } else if (result.kind === "failed") {
      setErrors(result);
    }
  }

  function turnOff() {
    setErrors(noErrors);
    startTransition(async () => {
      const result = await runSensitive(disableTotp, FACTOR_CHANGE);
      if (result.kind === "done") setConfirmingOff(false);
      else if (result.kind === "failed") setErrors(result);
    });
  }

  if (enabled) {
    return (
      <div className="space-y-4">
        <p className="text-sm text-zinc-700">
          {t.rich("on", {
            strong: (chunks) => <span className="font-medium text-emerald-800">{chunks}</span>,
          })}
        </p>
        <FormAlert messages={errors.formErrors} />
        {confirmingOff ? (
          <div className="space-y-3">
            <p className="text-sm text-zinc-700">{t("turnOffConfirm")}</p>
            <div className="flex flex-wrap items-center gap-3">
              <div className="sm:w-56">
                <PendingButton
                  variant="danger"
                  pending={pending}
                  pendingLabel={t("turningOff")}
                  onClick={turnOff}
                >
                  {t("turnOffApp")}
                </PendingButton>
              </div>
              <LinkButton onClick={() => setConfirmingOff(false)}>{tc("cancel")}</LinkButton>
            </div>
          </div>
        ) : (
          <div className="sm:w-48">
            <button
              type="button"
              className={buttonClassName("secondary")}
              onClick={() => setConfirmingOff(true)}
            >
              {t("turnOff")}
            </button>
          </div>
        )}
      </div>
    );
  }

  if (!setup) {
    return (
      <div className="space-y-4">
        <p className="text-sm text-zinc-700">{t("off")}</p>
        <FormAlert messages={errors.formErrors} />
        <div className="sm:w-64">
          <PendingButton pending={pending} pendingLabel={t("preparing")} onClick={begin}>
            {t("setUp")}
          </PendingButton>
        </div>
      </div>
    );
  }

  return (
    <div className="space-y-5">
      <ol className="list-decimal space-y-4 ps-5 text-sm text-zinc-700">
        <li>
          {t("scan")}
          {/* biome-ignore lint/performance/noImgElement: a data: URL of a server-made SVG; next/image adds nothing */}
          <img
            src={svgDataUrl(setup.qrSvg)}
            alt={t("qrAlt")}
            width={192}
            height={192}
            className="mt-3 size-48 rounded-lg border border-zinc-200 bg-white p-2"
          />
        </li>
        <li className="max-w-md">
          <p>{t("typeKey")}</p>
          {/* A textarea, so the whole key wraps onto a second line on a narrow screen instead of scrolling out of
              sight; read-only, monospace, and selectable for copying. */}
          <label htmlFor={setupKeyId} className="mt-2 block text-sm font-medium text-zinc-900">
            {t("setupKey")}
          </label>
          <textarea
            id={setupKeyId}
            name="setup_key"
            readOnly
            rows={2}
            value={groupSecret(setup.secret)}
            spellCheck={false}
            autoComplete="off"
            className="mt-1.5 block w-full resize-none rounded-lg border border-zinc-300 bg-zinc-50 px-3 py-2 font-mono text-sm break-all text-zinc-900"
          />
        </li>
        <li>{t("enterCode")}</li>
      </ol>
      <form action={confirm} noValidate className="max-w-xs space-y-5">
        <FormAlert messages={errors.formErrors} />
        <OneTimeCodeField
          label={t("codeLabel")}
          name="code"
          autoFocus
          errors={errors.fieldErrors.code}
        />
        <div className="flex flex-wrap items-center gap-3">
          <SubmitButton pendingLabel={t("turningOn")}>{t("turnOn")}</SubmitButton>
        </div>
      </form>
      <LinkButton onClick={() => setSetup(null)}>{t("cancelSetup")}</LinkButton>
    </div>
  );
}
