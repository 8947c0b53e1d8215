"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import {
  addPasskey,
  passkeyRegistrationOptions,
  removePasskey,
  renamePasskey,
} from "@/app/(protected)/settings/security/actions";
import { FACTOR_CHANGE, useStepUp } from "@/components/settings/step-up";
import { buttonClassName } from "@/components/ui/button-styles";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField } from "@/components/ui/form-field";
import { LinkButton } from "@/components/ui/link-button";
import { PendingButton } from "@/components/ui/pending-button";
import { SubmitButton } from "@/components/ui/submit-button";
import { useTranslations } from "@/i18n/client";
import { text } from "@/lib/form-data";
import type { PasskeyNameField } from "@/lib/form-state";
import { PASSKEY_NAME_MAX_LENGTH } from "@/lib/validations/limits";

/** A passkey as the page shows it: times already written out on the server, so hydration matches. */
export type PasskeyView = {
  id: string;
  name: string;
  createdAt: string;
  created: string;
  lastUsed: string;
};

type Errors = { fieldErrors: Partial<Record<PasskeyNameField, string[]>>; formErrors: string[] };
const noErrors: Errors = { fieldErrors: {}, formErrors: [] };

export function PasskeySettings({
  passkeys,
  onNewCodes,
}: {
  passkeys: PasskeyView[];
  onNewCodes: (codes: string[]) => void;
}) {
  const t = useTranslations("passkey");
  return (
    <div className="space-y-6">
      {passkeys.length === 0 ? (
        <p className="text-sm text-zinc-600">{t("none")}</p>
      ) : (
        <ul aria-label={t("listLabel")} className="divide-y divide-zinc-200">
          {passkeys.map((passkey) => (
            <PasskeyItem key={passkey.id} passkey={passkey} />
          ))}
        </ul>
      )}
      <AddPasskey onNewCodes={onNewCodes} />
    </div>
  );
}

function PasskeyItem({ passkey }: { passkey: PasskeyView }) {
  const runSensitive = useStepUp();
  const [mode, setMode] = useState<"view" | "rename" | "remove">("view");
  const [errors, setErrors] = useState<Errors>(noErrors);
  const [pending, startTransition] = useTransition();
  const renameButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  const t = useTranslations("passkey");
  const tc = useTranslations("common");

  // Back from renaming (saved or cancelled): focus returns to the button that started it, not to the page's top.
  useEffect(() => {
    if (mode === "view" && wasEditing.current) renameButton.current?.focus();
    wasEditing.current = mode !== "view";
  }, [mode]);

  async function rename(formData: FormData) {
    setErrors(noErrors);
    const result = await runSensitive(() => renamePasskey(passkey.id, text(formData, "name")));
    if (result.kind === "done") setMode("view");
    else if (result.kind === "failed") setErrors(result);
  }

  function remove() {
    setErrors(noErrors);
    startTransition(async () => {
      const result = await runSensitive(() => removePasskey(passkey.id), FACTOR_CHANGE);
      if (result.kind === "failed") setErrors(result);
    });
  }

  return (
    <li aria-label={passkey.name} className="space-y-3 py-4 first:pt-0">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 text-sm">
          <p className="font-medium wrap-anywhere text-zinc-900">{passkey.name}</p>
          <p className="text-zinc-600">
            {t.rich("added", {
              when: passkey.created,
              time: (chunks) => <time dateTime={passkey.createdAt}>{chunks}</time>,
            })}{" "}
            · {passkey.lastUsed}
          </p>
        </div>
        {mode === "view" ? (
          <div className="flex gap-2">
            <button
              ref={renameButton}
              type="button"
              aria-label={t("renameLabel", { name: passkey.name })}
              className={buttonClassName("secondary")}
              onClick={() => setMode("rename")}
            >
              {t("rename")}
            </button>
            <button
              type="button"
              aria-label={t("removeLabel", { name: passkey.name })}
              className={buttonClassName("secondary")}
              onClick={() => setMode("remove")}
            >
              {t("remove")}
            </button>
          </div>
        ) : null}
      </div>
      <FormAlert messages={errors.formErrors} />
      {mode === "rename" ? (
        <form action={rename} noValidate className="max-w-sm space-y-3">
          <FormField
            label={t("nameLabel")}
            name="name"
            type="text"
            defaultValue={passkey.name}
            maxLength={PASSKEY_NAME_MAX_LENGTH}
            autoComplete="off"
            autoFocus
            required
            errors={errors.fieldErrors.name}
          />
          <div className="flex flex-wrap items-center gap-3">
            <div className="sm:w-32">
              <SubmitButton pendingLabel={t("saving")} variant="secondary">
                {t("saveName")}
              </SubmitButton>
            </div>
            <LinkButton onClick={() => setMode("view")}>{tc("cancel")}</LinkButton>
          </div>
        </form>
      ) : null}
      {mode === "remove" ? (
        <div className="space-y-3">
          <p className="text-sm text-zinc-700">{t("removeConfirm")}</p>
          <div className="flex flex-wrap items-center gap-3">
            <div className="sm:w-48">
              <PendingButton
                variant="danger"
                pending={pending}
                pendingLabel={t("removing")}
                onClick={remove}
              >
                {t("removePasskey")}
              </PendingButton>
            </div>
            <LinkButton onClick={() => setMode("view")}>{tc("cancel")}</LinkButton>
          </div>
        </div>
      ) : null}
    </li>
  );
}

function AddPasskey({ onNewCodes }: { onNewCodes: (codes: string[]) => void }) {
  const runSensitive = useStepUp();
  const [errors, setErrors] = useState<Errors>(noErrors);
  const [added, setAdded] = useState(0);
  const [supported, setSupported] = useState(true);
  const t = useTranslations("passkey");
  useEffect(() => {
    let active = true;
    import("@/lib/passkey-prompt").then(({ browserSupportsWebAuthn }) => {
      if (active) setSupported(browserSupportsWebAuthn());
    });
    return () => {
      active = false;
    };
  }, []);

  async function add(formData: FormData) {
    setErrors(noErrors);
    const name = text(formData, "name");
    const [{ register }, options] = await Promise.all([
      import("@/lib/passkey-prompt"),
      runSensitive(passkeyRegistrationOptions, FACTOR_CHANGE),
    ]);
    if (options.kind !== "done") {
      if (options.kind === "failed") setErrors(options);
      return;
    }
    const prompt = await register(options.data);
    if (!prompt.ok) {
      setErrors({ fieldErrors: {}, formErrors: prompt.error ? [t(prompt.error)] : [] });
      return;
    }
    const { credential } = prompt;
    const result = await runSensitive(() => addPasskey(credential, name), FACTOR_CHANGE);
    if (result.kind === "done") {
      setAdded((count) => count + 1);
      if (result.data.recoveryCodes.length > 0) onNewCodes(result.data.recoveryCodes);
    } else if (result.kind === "failed") {
      setErrors(result);
    }
  }

  if (!supported) {
    return <p className="text-sm text-zinc-600">{t("cannotCreate")}</p>;
  }
  return (
    // The key empties the name field after each passkey added.
    <form key={added} action={add} noValidate className="max-w-sm space-y-4">
      <FormAlert messages={errors.formErrors} />
      <FormField
        label={t("newNameLabel")}
        name="name"
        type="text"
        maxLength={PASSKEY_NAME_MAX_LENGTH}
        autoComplete="off"
        hint={t("newNameHint")}
        errors={errors.fieldErrors.name}
      />
      <div className="sm:w-48">
        <SubmitButton pendingLabel={t("waiting")} variant="secondary">
          {t("add")}
        </SubmitButton>
      </div>
    </form>
  );
}
