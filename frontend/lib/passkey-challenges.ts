/**
 * The passwordless sign-in challenges this browser asked for, kept server-side (an httpOnly cookie) by challenge.
 * The login page may ask twice (the autofill request, then the button); the answer names its challenge in its
 * clientDataJSON, which picks the matching challenge_token.
 */

export type PendingChallenge = { challenge: string; token: string };

const MAX_PENDING = 3;

export function encodeChallenges(entries: readonly PendingChallenge[]): string {
  return Buffer.from(JSON.stringify(entries), "utf8").toString("base64url");
}

export function decodeChallenges(value: string | null | undefined): PendingChallenge[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (entry): entry is PendingChallenge =>
        typeof entry?.challenge === "string" && typeof entry?.token === "string",
    );
  } catch {
    return [];
  }
}

/** The newest few, the new one last. */
export function withChallenge(
  entries: readonly PendingChallenge[],
  entry: PendingChallenge,
): PendingChallenge[] {
  return [...entries.filter((e) => e.challenge !== entry.challenge), entry].slice(-MAX_PENDING);
}

/** The challenge a WebAuthn response answers, read from its clientDataJSON (base64url JSON). */
export function challengeOf(clientDataJSON: string): string | null {
  try {
    const data: unknown = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8"));
    const challenge = (data as { challenge?: unknown } | null)?.challenge;
    return typeof challenge === "string" ? challenge : null;
  } catch {
    return null;
  }
}
