import { getTranslations } from "next-intl/server";
import { type ApiFailure, throttledMessage } from "@/lib/api/errors";

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

export function isSocialErrorCode(value: unknown): value is SocialErrorCode {
  return (SOCIAL_ERROR_CODES as readonly unknown[]).includes(value);
}

/** The catalogue's `social` namespace (i18n-keys: social), from getTranslations("social"). */
export type SocialTranslator = (
  key: Exclude<SocialErrorCode, "unavailable" | "throttled"> | "theProvider" | "TheProvider",
  values?: { provider: string; Provider: string },
) => string;

/**
 * The message for `code`; `label` is the provider's name from the configured list, null when unknown. Each code
 * has one message in the catalogue (messages › social › <code>); "unavailable" and "throttled" are the API's.
 */
export async function socialErrorMessage(
  t: SocialTranslator,
  code: unknown,
  label: string | null,
): Promise<string> {
  if (!isSocialErrorCode(code)) return t("failed");
  if (code === "unavailable") return (await getTranslations("errors"))("unavailable");
  if (code === "throttled") return throttledMessage(null);
  return t(code, { provider: label ?? t("theProvider"), Provider: label ?? t("TheProvider") });
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
