/**
 * The browser's side of a passkey ceremony: @simplewebauthn/browser and what to say when its prompt fails. Load it
 * with `await import("@/lib/passkey-prompt")` when a passkey is used (lib/client-bundle.test.ts checks), not with the
 * page: about 4 kB of gzip that a sign-in with a password never needs. The import can run while the server is asked
 * for the options, so it costs the prompt no extra round trip.
 */
import {
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  startAuthentication,
  startRegistration,
} from "@simplewebauthn/browser";
import { type PasskeyErrorKey, passkeyErrorMessage } from "@/lib/webauthn-errors";

export {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  WebAuthnAbortService,
} from "@simplewebauthn/browser";

/** The credential, or the message key (passkey namespace) to show; null when nothing should be said. */
export type PromptResult<Credential> =
  | { ok: true; credential: Credential }
  | { ok: false; error: PasskeyErrorKey | null };

async function prompt<Credential>(
  run: () => Promise<Credential>,
): Promise<PromptResult<Credential>> {
  try {
    return { ok: true, credential: await run() };
  } catch (error) {
    return { ok: false, error: passkeyErrorMessage(error) };
  }
}

/** Signs in or confirms with a passkey; `autofill` offers the passkeys in the email field's list instead. */
export function authenticate(
  optionsJSON: PublicKeyCredentialRequestOptionsJSON,
  autofill = false,
): Promise<PromptResult<AuthenticationResponseJSON>> {
  return prompt(() => startAuthentication({ optionsJSON, useBrowserAutofill: autofill }));
}

/** Creates a passkey for the signed-in account. */
export function register(
  optionsJSON: PublicKeyCredentialCreationOptionsJSON,
): Promise<PromptResult<RegistrationResponseJSON>> {
  return prompt(() => startRegistration({ optionsJSON }));
}
