import { createHash, timingSafeEqual } from "node:crypto";
import type { MfaMethod } from "@/lib/mfa";
import { DEFAULT_AFTER_LOGIN, sanitizeNextPath } from "@/lib/next-path";
import { isSocialProviderId, LOGIN_PATH, SECOND_STEP_QUERY, SECURITY_PATH } from "@/lib/routes";
import type { SocialErrorCode } from "@/lib/social-errors";

/**
 * The social sign-in flow this browser started, kept in an httpOnly cookie between the start handler and the
 * provider's redirect back, so a callback only completes the flow this browser began (login CSRF). Django
 * checks `state` again (single use, 10 minutes, bound to the provider and intent); the cookie's job is the binding
 * to this browser. Read back, every field is checked again: a cookie is client input.
 */

export type SocialIntent = "login" | "link";

export type SocialFlow = {
  state: string;
  provider: string;
  intent: SocialIntent;
  /** Where to go after signing in: always a safe path on this site. */
  next: string;
};

/** Django's state lives 10 minutes; the cookie no longer. */
export const SOCIAL_FLOW_MAX_AGE = 10 * 60;

const MAX_STATE_LENGTH = 512;
// The whole cookie stays well under the 4 KB browsers keep.
const MAX_ENCODED_LENGTH = 3072;
const VERSION = 1;

/** What Django's state may look like: printable ASCII, bounded, so it fits the cookie and compares cleanly. */
export function isSocialState(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.length > 0 &&
    value.length <= MAX_STATE_LENGTH &&
    /^[\x21-\x7e]+$/.test(value)
  );
}

export function encodeSocialFlow(flow: SocialFlow): string {
  const payload = {
    v: VERSION,
    s: flow.state,
    p: flow.provider,
    i: flow.intent,
    n: sanitizeNextPath(flow.next),
  };
  return Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
}

/** The flow in the cookie, or null for anything this code did not write (missing, mangled, edited by hand). */
export function decodeSocialFlow(value: string | null | undefined): SocialFlow | null {
  if (!value || value.length > MAX_ENCODED_LENGTH || !/^[A-Za-z0-9_-]+$/.test(value)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  const { v, s, p, i, n } = parsed as Record<string, unknown>;
  if (v !== VERSION || !isSocialState(s) || !isSocialProviderId(p)) return null;
  if (i !== "login" && i !== "link") return null;
  // A link always comes back to the security settings, whatever the cookie says.
  const next = i === "link" ? SECURITY_PATH : sanitizeNextPath(n);
  return { state: s, provider: p, intent: i, next };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/**
 * Whether the `state` the provider sent back is the one this browser's flow expects, in constant time: comparing
 * equal-length digests leaks neither where the strings differ nor how long the expected one is.
 */
export function statesMatch(expected: string, received: unknown): boolean {
  if (typeof received !== "string" || !isSocialState(expected) || !isSocialState(received))
    return false;
  return timingSafeEqual(digest(expected), digest(received));
}

/** The flow a callback may complete: the cookie's, for this provider, with this state; null otherwise. */
export function matchingFlow(
  flow: SocialFlow | null,
  provider: string,
  state: unknown,
): SocialFlow | null {
  if (!flow || flow.provider !== provider) return null;
  return statesMatch(flow.state, state) ? flow : null;
}

/** Django's authorization URL, only when it is an http(s) URL: it ends up in a page the browser follows. */
export function safeAuthorizationUrl(value: unknown): string | null {
  if (typeof value !== "string") return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

// ---- Where a flow ends --------------------------------------------------------------------------------------------
// Only closed values go into these URLs (an error code from the fixed list, a checked provider id, known methods).

/** A failed flow: a sign-in tells /login, a link tells the security settings. */
export function socialErrorPath(
  intent: SocialIntent,
  code: SocialErrorCode,
  provider: string | null,
): string {
  const query = new URLSearchParams({ error: code });
  if (provider && isSocialProviderId(provider)) query.set("provider", provider);
  return `${intent === "link" ? SECURITY_PATH : LOGIN_PATH}?${query}`;
}

export function socialLinkedPath(provider: string): string {
  return `${SECURITY_PATH}?${new URLSearchParams({ linked: provider })}`;
}

/** Linking needs a recent proof of identity: the settings page opens the step-up dialog, then starts again. */
export function socialStepUpPath(provider: string): string {
  return `${SECURITY_PATH}?${new URLSearchParams({ connect: provider })}`;
}

const MFA_METHODS: readonly MfaMethod[] = ["totp", "recovery_code", "passkey"];

/** /login showing its second step for a sign-in whose mfa_token is already in the mfa-pending cookie. */
export function secondStepPath(methods: readonly unknown[], next: string): string {
  const query = new URLSearchParams({
    step: SECOND_STEP_QUERY,
    methods: parseMfaMethods(methods.join(",")).join(","),
  });
  const safeNext = sanitizeNextPath(next);
  if (safeNext !== DEFAULT_AFTER_LOGIN) query.set("next", safeNext);
  return `${LOGIN_PATH}?${query}`;
}

/** The methods in `?methods=`, known ones only, each once, in a fixed order. */
export function parseMfaMethods(value: unknown): MfaMethod[] {
  if (typeof value !== "string") return [];
  const listed = new Set(value.split(","));
  return MFA_METHODS.filter((method) => listed.has(method));
}
