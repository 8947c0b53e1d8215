"use client";

import Link from "next/link";
import { useActionState } from "react";
import { confirmEmailChange, verifyEmail } from "@/app/(auth)/actions";
import { FormAlert } from "@/components/ui/form-alert";
import { FormSuccess } from "@/components/ui/form-success";
import { SubmitButton } from "@/components/ui/submit-button";
import { useTranslations } from "@/i18n/client";
import { type EmailLinkState, emptyFormState } from "@/lib/form-state";
import { DASHBOARD_PATH, SETTINGS_PATH } from "@/lib/routes";

// `fallback` is the way on when the link failed; a spent link brings its own (EmailLinkState.nextStep).
const actions = {
  verify: {
    action: verifyEmail,
    label: "verifySubmit",
    pending: "verifyPending",
    fallback: { href: DASHBOARD_PATH, label: "goToYourDashboard" },
  },
  "confirm-change": {
    action: confirmEmailChange,
    label: "confirmSubmit",
    pending: "confirmPending",
    fallback: { href: SETTINGS_PATH, label: "goToYourSettings" },
  },
} as const;

/**
 * An emailed link only opens this page; the key is spent by pressing the button, a POST, so mail scanners that
 * fetch links do not use it up.
 */
export function EmailLinkForm({ kind, linkKey }: { kind: keyof typeof actions; linkKey: string }) {
  const { action, label, pending, fallback } = actions[kind];
  const [state, formAction] = useActionState<EmailLinkState, FormData>(action, emptyFormState);
  const t = useTranslations("emailLink");
  const tc = useTranslations("common");

  if (state.done) {
    const next = state.nextStep ?? { href: fallback.href, label: tc(fallback.label) };
    return (
      <div className="space-y-5">
        <FormAlert messages={state.formErrors} />
        <FormSuccess message={state.message} />
        <p className="text-sm text-zinc-600">
          <Link
            href={next.href}
            className="font-semibold text-zinc-900 underline underline-offset-4"
          >
            {next.label}
          </Link>
        </p>
      </div>
    );
  }

  return (
    <form action={formAction} className="space-y-5">
      <input type="hidden" name="key" value={linkKey} />
      <FormAlert messages={state.formErrors} />
      <SubmitButton pendingLabel={t(pending)}>{t(label)}</SubmitButton>
    </form>
  );
}
