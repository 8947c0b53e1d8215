import { createHash } from "node:crypto";

export type RefreshOutcome<Tokens> =
  | { kind: "refreshed"; tokens: Tokens }
  /** The backend rejected the refresh token (expired, rotated, blacklisted): the session is over. */
  | { kind: "rejected" }
  /** The backend could not answer (network, 5xx, throttled): the session may still be fine. */
  | { kind: "unavailable" };

type Entry<Tokens> = {
  promise: Promise<RefreshOutcome<Tokens>>;
  expiresAt: number;
};

export type RefreshDeduperOptions = {
  /** How long a settled outcome is replayed to late requests that still carry the old token. */
  ttlMs?: number;
  now?: () => number;
};

/**
 * The backend rotates and blacklists a refresh token on first use, so two tabs (or parallel requests of one page)
 * refreshing with the same token would see one success and one 401, logging the user out. Every caller presenting
 * the same token within the window gets the same outcome from a single backend call instead.
 * Keys are SHA-256 digests so raw tokens are not kept as map keys.
 */
export function createRefreshDeduper<Tokens, Context = undefined>(
  refresher: (refreshToken: string, context: Context) => Promise<RefreshOutcome<Tokens>>,
  { ttlMs = 15_000, now = Date.now }: RefreshDeduperOptions = {},
) {
  const entries = new Map<string, Entry<Tokens>>();

  function prune() {
    const time = now();
    for (const [key, entry] of entries) {
      if (entry.expiresAt <= time) entries.delete(key);
    }
  }

  /** `context` of the first caller is the one the backend sees; later callers only share its outcome. */
  function refresh(refreshToken: string, context: Context): Promise<RefreshOutcome<Tokens>> {
    prune();
    const key = createHash("sha256").update(refreshToken).digest("hex");
    const existing = entries.get(key);
    if (existing) return existing.promise;

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
    return entry.promise;
  }

  return { refresh, size: () => entries.size };
}
