/** Keys of messages › passkey (i18n-keys: passkey). */
export type PasskeyErrorKey =
  | "alreadyRegistered"
  | "promptClosed"
  | "wrongAddress"
  | "unsupported"
  | "failed";

/**
 * What to tell someone whose passkey prompt failed, from what @simplewebauthn/browser threw. Null when nothing
 * should be said: the ceremony was aborted on purpose (another prompt replaced it, or the page moved on).
 */
export function passkeyErrorMessage(error: unknown): PasskeyErrorKey | null {
  const { name, code } = (typeof error === "object" && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
  };
  if (code === "ERROR_CEREMONY_ABORTED" || name === "AbortError") return null;
  if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED") {
    return "alreadyRegistered";
  }
  if (name === "NotAllowedError") {
    return "promptClosed";
  }
  if (
    name === "SecurityError" ||
    code === "ERROR_INVALID_DOMAIN" ||
    code === "ERROR_INVALID_RP_ID"
  ) {
    return "wrongAddress";
  }
  if (
    name === "NotSupportedError" ||
    code === "ERROR_AUTHENTICATOR_MISSING_DISCOVERABLE_CREDENTIAL_SUPPORT"
  ) {
    return "unsupported";
  }
  return "failed";
}
