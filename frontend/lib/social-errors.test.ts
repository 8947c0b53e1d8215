import { getTranslations } from "next-intl/server";
import { describe, expect, it } from "vitest";
import type { ApiFailure } from "./api/errors";
import {
  providerErrorCode,
  SOCIAL_ERROR_CODES,
  socialErrorCodeOf,
  socialErrorMessage,
} from "./social-errors";

const GENERIC = "That did not work. Please try again.";
const t = await getTranslations("social");

describe("socialErrorMessage", () => {
  it.each<[string, string | null, string]>([
    ["invalid_state", "Corp SSO", "That sign-in link expired or was already used. Try again."],
    ["access_denied", "Corp SSO", "You cancelled sign-in with Corp SSO."],
    ["access_denied", null, "You cancelled sign-in with the provider."],
    ["social_auth_failed", "GitHub", "GitHub sign-in failed. Try again."],
    ["social_auth_failed", null, "The provider sign-in failed. Try again."],
    [
      "email_in_use",
      "Google",
      "An account with this email already exists. Log in with your password, then connect Google from Settings → Security.",
    ],
    [
      "provider_unavailable",
      "Corp SSO",
      "Corp SSO is not reachable right now. Try again in a moment.",
    ],
    [
      "last_sign_in_method",
      null,
      "This is your only way to sign in. Set a password or add a passkey first.",
    ],
  ])("%s with %j", async (code, label, message) => {
    expect(await socialErrorMessage(t, code, label)).toBe(message);
  });

  it("tells an unverified user to check their inbox", async () => {
    expect(await socialErrorMessage(t, "email_not_verified", "Corp SSO")).toMatch(
      /check your inbox/i,
    );
  });

  it.each(SOCIAL_ERROR_CODES)("has a message of its own for %s", async (code) => {
    const message = await socialErrorMessage(t, code, "Corp SSO");
    expect(message.length).toBeGreaterThan(10);
    if (code !== "failed") expect(message).not.toBe(GENERIC);
  });

  it.each([
    "unknown_code",
    "<script>alert(1)</script>",
    "You have been hacked, call 555-0100",
    "",
    "toString",
    "__proto__",
    null,
    ["invalid_state"],
  ])("shows the generic message, never the query, for %j", async (code) => {
    expect(await socialErrorMessage(t, code, "Corp SSO")).toBe(GENERIC);
  });
});

function failure(status: number, codes: string[] = []): ApiFailure {
  return {
    ok: false,
    status,
    errors: codes.map((code) => ({ code, message: `backend says ${code}` })),
    retryAfter: null,
  };
}

describe("socialErrorCodeOf", () => {
  it.each<[ApiFailure, string]>([
    [failure(400, ["invalid_state"]), "invalid_state"],
    [failure(409, ["email_in_use"]), "email_in_use"],
    [failure(403, ["email_not_verified"]), "email_not_verified"],
    [failure(503, ["provider_unavailable"]), "provider_unavailable"],
    [failure(404, ["unknown_provider"]), "unknown_provider"],
    [failure(400, ["required", "social_auth_failed"]), "social_auth_failed"],
    [failure(400, ["something_new"]), "failed"],
    [failure(500), "failed"],
    [failure(0, ["unreachable"]), "unavailable"],
    [failure(429, ["throttled"]), "throttled"],
  ])("%j → %s", (result, code) => {
    expect(socialErrorCodeOf(result)).toBe(code);
  });
});

describe("providerErrorCode", () => {
  it.each([
    ["access_denied", "access_denied"],
    ["temporarily_unavailable", "provider_unavailable"],
    ["server_error", "provider_unavailable"],
    ["invalid_request", "social_auth_failed"],
    ["login_required", "social_auth_failed"],
    ["<b>anything</b>", "social_auth_failed"],
  ])("%s → %s", (error, code) => {
    expect(providerErrorCode(error)).toBe(code);
  });
});
