import { type ApiFailure, throttledMessage, UNAVAILABLE_MESSAGE } from "@/lib/api/errors";

/**
 * What a social sign-in or link can end in, as a code in `?error=` of /login or /settings/security. The pages show
 * only the messages below: whatever else the query says is never put on the page.
 */
export const SOCIAL_ERROR_CODES = [
  "invalid_state",
  "access_denied",
  "social_auth_failed",
  "email_in_use",
  "email_missing",
  "account_in_use",
  "already_linked",
  "email_not_verified",
  "provider_unavailable",
  "unknown_provider",
  "last_sign_in_method",
  "unavailable",
  "throttled",
  "failed",
] as const;

export type SocialErrorCode = (typeof SOCIAL_ERROR_CODES)[number];

export const LAST_SIGN_IN_METHOD_MESSAGE =
  "This is your only way to sign in. Set a password or add a passkey first.";
const GENERIC_MESSAGE = "That did not work. Please try again.";

export function isSocialErrorCode(value: unknown): value is SocialErrorCode {
  return (SOCIAL_ERROR_CODES as readonly unknown[]).includes(value);
}

/** The message for `code`; `label` is the provider's name from the configured list, null when unknown. */
export function socialErrorMessage(code: unknown, label: string | null): string {
  const provider = label ?? "the provider";
  const Provider = label ?? "The provider";
  if (!isSocialErrorCode(code)) return GENERIC_MESSAGE;
  switch (code) {
    case "invalid_state":
      return "That sign-in link expired or was already used. Try again.";
    case "access_denied":
      return `You cancelled sign-in with ${provider}.`;
    case "social_auth_failed":
      return `${Provider} sign-in failed. Try again.`;
    case "email_in_use":
      return `An account with this email already exists. Log in with your password, then connect ${provider} from Settings → Security.`;
    case "email_missing":
      return `${Provider} did not share an email address, so we cannot create your account. Allow access to your email address and try again.`;
    case "account_in_use":
      return `That ${provider} account is already connected to another account here.`;
    case "already_linked":
      return `${Provider} is already connected to your account.`;
    case "email_not_verified":
      return "Your account was created, but your email address is not confirmed yet. Check your inbox for the link we sent you, then log in.";
    case "provider_unavailable":
      return `${Provider} is not reachable right now. Try again in a moment.`;
    case "unknown_provider":
      return "This sign-in option is not available.";
    case "last_sign_in_method":
      return LAST_SIGN_IN_METHOD_MESSAGE;
    case "unavailable":
      return UNAVAILABLE_MESSAGE;
    case "throttled":
      return throttledMessage(null);
    case "failed":
      return GENERIC_MESSAGE;
  }
}

/** The code for the page to show for a failed API call. */
export function socialErrorCodeOf(failure: ApiFailure): SocialErrorCode {
  if (failure.status === 0) return "unavailable";
  if (failure.status === 429) return "throttled";
  const known = failure.errors.map((error) => error.code).find(isSocialErrorCode);
  return known ?? "failed";
}

/**
 * The provider's own `?error=` on the redirect back (RFC 6749 section 4.1.2.1): the user said no, the provider is
 * having trouble, or anything else, which to the user is a failed sign-in.
 */
export function providerErrorCode(error: string): SocialErrorCode {
  switch (error) {
    case "access_denied":
      return "access_denied";
    case "temporarily_unavailable":
    case "server_error":
      return "provider_unavailable";
    default:
      return "social_auth_failed";
  }
}
