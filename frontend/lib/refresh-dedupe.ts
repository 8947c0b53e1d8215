import { createHash } from "node:crypto";
import type { ApiResult } from "@/lib/api/client";

export type RefreshOutcome<Tokens> =
  | { kind: "refreshed"; tokens: Tokens }
  /** The backend rejected the refresh token (expired, rotated, blacklisted): the session is over. */
  | { kind: "rejected" }
  /** The backend could not answer (network, 5xx, throttled): the session may still be fine. */
  | { kind: "unavailable" }
  /**
   * The token, or the pair it led to, has been replaced since, by a later refresh's pair (handed out instead, as
   * "refreshed") or by one this server gave the browser outside a refresh (see `supersede`): the request is late,
   * the browser holds a newer pair, and its answer must write no cookie.
   */
  | { kind: "superseded" };

type Entry<Tokens> = {
  promise: Promise<RefreshOutcome<Tokens>>;
  expiresAt: number;
  /** The outcome once known, for following a chain of refreshes without waiting. */
  settled?: RefreshOutcome<Tokens>;
};

export type RefreshDeduperOptions<Tokens> = {
  /** How long a settled outcome is replayed to late requests that still carry the old token. */
  ttlMs?: number;
  now?: () => number;
  /** The refresh token of a pair: with it, a replay follows later refreshes to the newest pair. */
  refreshTokenOf?: (tokens: Tokens) => string;
};

/**
 * The backend rotates and blacklists a refresh token on first use, so two tabs (or parallel requests of one page)
 * refreshing with the same token would see one success and one 401, logging the user out. Every caller presenting
 * the same token within the window gets the same outcome from a single backend call instead.
 * Keys are SHA-256 digests so raw tokens are not kept as map keys.
 */
export function createRefreshDeduper<Tokens, Context = undefined>(
  refresher: (refreshToken: string, context: Context) => Promise<RefreshOutcome<Tokens>>,
  { ttlMs = 15_000, now = Date.now, refreshTokenOf }: RefreshDeduperOptions<Tokens> = {},
) {
  const entries = new Map<string, Entry<Tokens>>();
  // Digest -> until when (ms): tokens this server replaced with a new pair outside a refresh.
  const replaced = new Map<string, number>();

  function prune() {
    const time = now();
    for (const [key, entry] of entries) {
      if (entry.expiresAt <= time) entries.delete(key);
    }
    for (const [key, until] of replaced) {
      if (until <= time) replaced.delete(key);
    }
  }

  const digest = (token: string) => createHash("sha256").update(token).digest("hex");

  /** `context` of the first caller is the one the backend sees; later callers only share its outcome. */
  function refresh(refreshToken: string, context: Context): Promise<RefreshOutcome<Tokens>> {
    prune();
    const key = digest(refreshToken);
    // Asked when the outcome is known: the token may be superseded while its refresh is in flight.
    const answer = (outcome: RefreshOutcome<Tokens>) =>
      replaced.has(key) ? { kind: "superseded" as const } : newest(outcome);
    const existing = entries.get(key);
    if (existing) return existing.promise.then(answer);

    const entry: Entry<Tokens> = {
      // Infinity while in flight: an in-flight refresh is never pruned.
      expiresAt: Number.POSITIVE_INFINITY,
      promise: refresher(refreshToken, context).then(
        (outcome) => {
          if (outcome.kind === "unavailable") {
            // Transient failures are not replayed, so the next request can try again.
            entries.delete(key);
          } else {
            entry.expiresAt = now() + ttlMs;
            entry.settled = outcome;
          }
          return outcome;
        },
        (): RefreshOutcome<Tokens> => {
          entries.delete(key);
          return { kind: "unavailable" };
        },
      ),
    };
    entries.set(key, entry);
    return entry.promise.then(answer);
  }

  /**
   * For a replayed outcome: the pair at the end of the chain of refreshes within the window (a page whose requests
   * straddle two refreshes must not put the older pair back), or "superseded" once a pair in it was replaced here.
   */
  function newest(outcome: RefreshOutcome<Tokens>): RefreshOutcome<Tokens> {
    let current = outcome;
    // Each hop is a refresh within the window; the bound only guards against a cycle, which rotation cannot make.
    for (let hop = 0; hop < 32 && current.kind === "refreshed" && refreshTokenOf; hop++) {
      const next = digest(refreshTokenOf(current.tokens));
      if (replaced.has(next)) return { kind: "superseded" };
      const later = entries.get(next)?.settled;
      // Django said the later pair's session was superseded (another replica replaced it): so is this one.
      if (later?.kind === "superseded") return later;
      if (later?.kind !== "refreshed") return current;
      current = later;
    }
    return current;
  }

  /**
   * Records that this server gave the browser a new pair in place of `refreshToken` outside a refresh (a sign-in,
   * a step-up, a credential change: the backend ends the old session). Requests the page sent before the new pair
   * arrived still carry the old token, and their answers can reach the browser after the new cookies did.
   */
  function supersede(refreshToken: string): void {
    prune();
    replaced.set(digest(refreshToken), now() + ttlMs);
  }

  /**
   * Whether `refreshToken` was superseded within the window: its rejection then says nothing about the session the
   * browser now holds, so the answer must not clear the cookies (they may already be the new pair).
   */
  function wasSuperseded(refreshToken: string): boolean {
    prune();
    return replaced.has(digest(refreshToken));
  }

  return { refresh, supersede, wasSuperseded, size: () => entries.size };
}

/**
 * Django's 401 for a refresh token whose session this browser replaced moments ago (a sign-in, step-up, second
 * factor or password change): the browser holds the new pair.
 */
export const SESSION_SUPERSEDED_CODE = "session_superseded";

/**
 * What Django's answer to POST /api/auth/refresh/ means for the session. 401 `session_superseded`: the browser
 * replaced this session moments ago, perhaps through another replica (this server's own record, `supersede`, is per
 * process), so nothing is written. Any other 400 or 401: the session is over. Anything else (network, 5xx, 429): the
 * session may still be fine.
 */
export function refreshOutcomeOf<Tokens>(result: ApiResult<Tokens>): RefreshOutcome<Tokens> {
  if (result.ok) return { kind: "refreshed", tokens: result.data };
  if (result.status === 401 && result.errors.some(({ code }) => code === SESSION_SUPERSEDED_CODE)) {
    return { kind: "superseded" };
  }
  return result.status === 400 || result.status === 401
    ? { kind: "rejected" }
    : { kind: "unavailable" };
}
