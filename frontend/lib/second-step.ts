import type { MfaMethod } from "@/lib/mfa";

// Apart from lib/mfa.ts: the login page's second-step form needs only this, and Turbopack ships a client
// component's imported modules whole (unused exports included), so the settings helpers stayed off /login.

/** Which way the second login step starts: the authenticator app when there is one, else a passkey. */
export function initialSecondStep(methods: readonly MfaMethod[]): MfaMethod {
  if (methods.includes("totp")) return "totp";
  if (methods.includes("passkey")) return "passkey";
  return "recovery_code";
}
