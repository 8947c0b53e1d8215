/**
 * What to tell someone whose passkey prompt failed, from what @simplewebauthn/browser threw. Null when nothing
 * should be said: the ceremony was aborted on purpose (another prompt replaced it, or the page moved on).
 */
export function passkeyErrorMessage(error: unknown): string | null {
  const { name, code } = (typeof error === "object" && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
  };
  if (code === "ERROR_CEREMONY_ABORTED" || name === "AbortError") return null;
  if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED") {
    return "This passkey is already registered on your account.";
  }
  if (name === "NotAllowedError") {
    return "The passkey prompt was closed or timed out. Please try again.";
  }
  if (
    name === "SecurityError" ||
    code === "ERROR_INVALID_DOMAIN" ||
    code === "ERROR_INVALID_RP_ID"
  ) {
    return "Passkeys cannot be used on this address.";
  }
  if (
    name === "NotSupportedError" ||
    code === "ERROR_AUTHENTICATOR_MISSING_DISCOVERABLE_CREDENTIAL_SUPPORT"
  ) {
    return "This device or browser cannot use passkeys here.";
  }
  return "The passkey could not be used. Please try again.";
}
