"use client";

import { type FormEvent, useEffect, useRef, useState, useTransition } from "react";
import { socialLinkReady, unlinkSocialAccount } from "@/app/(protected)/settings/security/actions";
import { FACTOR_CHANGE, useStepUp } from "@/components/settings/step-up";
import { buttonClassName } from "@/components/ui/button-styles";
import { FormAlert } from "@/components/ui/form-alert";
import { FormSuccess } from "@/components/ui/form-success";
import { LinkButton } from "@/components/ui/link-button";
import { PendingButton } from "@/components/ui/pending-button";
import { useTranslations } from "@/i18n/client";
import { SECURITY_PATH, socialStartPath } from "@/lib/routes";
import type { ProviderChoice } from "@/lib/social-providers";

/** A connected account as the page shows it: the date already written out on the server, so hydration matches. */
export type SocialAccountView = {
  id: string;
  label: string;
  email: string;
  createdAt: string;
  created: string;
};

/** How the last connect attempt ended, from the callback's redirect (?linked= or ?error=). */
export type ConnectOutcome = { kind: "linked" | "failed"; message: string };

type ConnectedAccountsProps = {
  accounts: SocialAccountView[];
  /** Configured providers this account has not connected. */
  available: ProviderChoice[];
  /** A provider whose connect was refused for want of a recent sign-in: confirm, then start it again. */
  resume: string | null;
  outcome: ConnectOutcome | null;
};

export function ConnectedAccounts({
  accounts,
  available,
  resume,
  outcome,
}: ConnectedAccountsProps) {
  const t = useTranslations("connected");
  return (
    <div className="space-y-6">
      {outcome?.kind === "linked" ? <FormSuccess message={outcome.message} /> : null}
      {outcome?.kind === "failed" ? <FormAlert messages={[outcome.message]} /> : null}
      {accounts.length === 0 ? (
        <p className="text-sm text-zinc-600">{t("none")}</p>
      ) : (
        <ul aria-label={t("listLabel")} className="divide-y divide-zinc-200">
          {accounts.map((account) => (
            <ConnectedAccountItem key={account.id} account={account} />
          ))}
        </ul>
      )}
      {available.length > 0 ? (
        <ul aria-label={t("availableLabel")} className="flex flex-wrap gap-3">
          {available.map((provider) => (
            <li key={provider.id}>
              <ConnectForm provider={provider} resume={resume === provider.id} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function ConnectedAccountItem({ account }: { account: SocialAccountView }) {
  const runSensitive = useStepUp();
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [pending, startTransition] = useTransition();
  const t = useTranslations("connected");
  const tc = useTranslations("common");
  const name = `${account.label} (${account.email})`;

  function unlink() {
    setErrors([]);
    startTransition(async () => {
      const result = await runSensitive(() => unlinkSocialAccount(account.id), FACTOR_CHANGE);
      if (result.kind === "failed") setErrors(result.formErrors);
    });
  }

  return (
    <li aria-label={name} className="space-y-3 py-4 first:pt-0">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 text-sm">
          <p className="font-medium wrap-anywhere text-zinc-900">{account.label}</p>
          <p className="wrap-anywhere text-zinc-600">{account.email}</p>
          <p className="text-zinc-600">
            {t.rich("since", {
              when: account.created,
              time: (chunks) => <time dateTime={account.createdAt}>{chunks}</time>,
            })}
          </p>
        </div>
        {confirming ? null : (
          <button
            type="button"
            aria-label={t("unlinkLabel", { name })}
            className={buttonClassName("secondary")}
            onClick={() => setConfirming(true)}
          >
            {t("unlink")}
          </button>
        )}
      </div>
      <FormAlert messages={errors} />
      {confirming ? (
        <div className="space-y-3">
          <p className="text-sm text-zinc-700">{t("unlinkConfirm", { provider: account.label })}</p>
          <div className="flex flex-wrap items-center gap-3">
            <div className="sm:w-48">
              <PendingButton
                variant="danger"
                pending={pending}
                pendingLabel={t("unlinking")}
                onClick={unlink}
              >
                {t("unlinkProvider", { provider: account.label })}
              </PendingButton>
            </div>
            <LinkButton onClick={() => setConfirming(false)}>{tc("cancel")}</LinkButton>
          </div>
        </div>
      ) : null}
    </li>
  );
}

/**
 * A plain form post to the start handler, which sends the browser to the provider. With JavaScript the step-up
 * dialog comes first when the session has not proved itself recently; without it the handler's refusal brings the
 * user back here (`resume`), and the dialog opens then.
 */
function ConnectForm({ provider, resume }: { provider: ProviderChoice; resume: boolean }) {
  const runSensitive = useStepUp();
  const formRef = useRef<HTMLFormElement>(null);
  const resumed = useRef(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [pending, setPending] = useState(false);
  const t = useTranslations("connected");

  async function connect() {
    setErrors([]);
    setPending(true);
    const ready = await runSensitive(socialLinkReady, FACTOR_CHANGE);
    if (ready.kind === "done") {
      // Native submit: no submit event, so this handler does not run again. The page is left for the provider.
      formRef.current?.submit();
      return;
    }
    setPending(false);
    if (ready.kind === "failed") setErrors(ready.formErrors);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void connect();
  }

  // Strict mode runs effects twice: the ref keeps it to one dialog.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once, for the provider named in the URL
  useEffect(() => {
    if (!resume || resumed.current) return;
    resumed.current = true;
    // Forget ?connect= so a reload does not ask again.
    window.history.replaceState(null, "", SECURITY_PATH);
    void connect();
  }, [resume]);

  return (
    <form ref={formRef} method="post" action={socialStartPath(provider.id)} onSubmit={onSubmit}>
      <input type="hidden" name="intent" value="link" />
      <FormAlert messages={errors} />
      <PendingButton
        type="submit"
        variant="secondary"
        pending={pending}
        pendingLabel={t("connecting", { provider: provider.label })}
      >
        {t("connect", { provider: provider.label })}
      </PendingButton>
    </form>
  );
}
