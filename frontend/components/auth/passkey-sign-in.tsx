"use client";

import { useEffect, useState, useTransition } from "react";
import { passkeySignIn, passkeySignInOptions } from "@/app/(auth)/actions";
import { FormAlert } from "@/components/ui/form-alert";
import { PendingButton } from "@/components/ui/pending-button";
import { useTranslations } from "@/i18n/client";
import type { PasskeyErrorKey } from "@/lib/webauthn-errors";

type Outcome = { errors: string[] };

/** Options from the server, the browser's prompt, then the server again: it signs in and redirects to `next`. */
async function signIn(
  next: string | null,
  autofill: boolean,
  translate: (key: PasskeyErrorKey) => string,
): Promise<Outcome> {
  const [{ authenticate }, options] = await Promise.all([
    import("@/lib/passkey-prompt"),
    passkeySignInOptions(),
  ]);
  if (!options.ok) return { errors: options.formErrors };
  const prompt = await authenticate(options.options, autofill);
  if (!prompt.ok) {
    // A conditional request that never completes is normal (the user typed a password): say nothing then.
    const message = autofill ? null : prompt.error;
    return { errors: message ? [translate(message)] : [] };
  }
  const result = await passkeySignIn(prompt.credential, next);
  return { errors: result.formErrors };
}

/**
 * Offers the account's passkeys in the email field's autofill list (conditional UI), where the browser can. The
 * email input must say autocomplete="username webauthn". Where it cannot, nothing happens and the form is as before.
 */
// The autofill request never reports a prompt error (the user simply did not pick a passkey), so it needs no words.
const AUTOFILL_NEEDS_NO_WORDS = (key: PasskeyErrorKey) => key;

export function useConditionalPasskeySignIn(next: string | null, onErrors: (e: string[]) => void) {
  useEffect(() => {
    let active = true;
    let cancel: (() => void) | null = null;
    (async () => {
      try {
        const { browserSupportsWebAuthnAutofill, WebAuthnAbortService } = await import(
          "@/lib/passkey-prompt"
        );
        cancel = () => WebAuthnAbortService.cancelCeremony();
        if (!(await browserSupportsWebAuthnAutofill()) || !active) return;
        const { errors } = await signIn(next, true, AUTOFILL_NEEDS_NO_WORDS);
        if (active && errors.length > 0) onErrors(errors);
      } catch {
        // Conditional UI is a convenience; the password form works without it.
      }
    })();
    return () => {
      active = false;
      cancel?.();
    };
  }, [next, onErrors]);
}

/** "Sign in with a passkey": no email needed, the browser lists the passkeys it holds for this site. */
export function PasskeySignInButton({
  next,
  errors,
  onErrors,
}: {
  next: string | null;
  errors: string[];
  onErrors: (e: string[]) => void;
}) {
  const [pending, startTransition] = useTransition();
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

  if (!supported) return null;
  return (
    <div className="space-y-3">
      <FormAlert messages={errors} />
      <PendingButton
        variant="outline"
        pending={pending}
        pendingLabel={t("waiting")}
        onClick={() => {
          onErrors([]);
          startTransition(async () => {
            const { errors } = await signIn(next, false, t);
            onErrors(errors);
          });
        }}
      >
        {t("signIn")}
      </PendingButton>
    </div>
  );
}
