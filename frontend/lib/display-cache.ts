/**
 * The signed-in user's display data (the API's user object) per session, in this server's memory, so a page can
 * show who is signed in without asking Django. Only worth reading while the revocation feed is trusted: the feed
 * says the session is live, this says what to show.
 *
 * An entry is dropped when its session ends, when its user changes (a `users` message, or a change this server
 * made), and all of them when the feed resyncs. A user object read before such an invalidation must not be
 * stored after it (Django's feed keeps an epoch for the same reason): a fill says when its read began, and is
 * refused when the user, or everything, was invalidated since. Invalidation times are kept for `maxReadMs`, the
 * longest an API call may take (its timeout); a fill whose read began earlier than that is refused too.
 */

export type DisplayKey = { sessionId: string; userId: string };

type Entry<U> = { userId: string; user: U };

export type DisplayCacheOptions = {
  maxEntries: number;
  maxReadMs: number;
  /** Milliseconds on a monotonic clock (performance.now()): the clock of fill()'s `readStartedAt`. */
  now?: () => number;
};

export class DisplayCache<U> {
  readonly #entries = new Map<string, Entry<U>>();
  readonly #invalidatedAt = new Map<string, number>();
  #allInvalidatedAt = Number.NEGATIVE_INFINITY;
  readonly #max: number;
  readonly #maxRead: number;
  readonly #now: () => number;

  constructor({ maxEntries, maxReadMs, now = () => performance.now() }: DisplayCacheOptions) {
    this.#max = maxEntries;
    this.#maxRead = maxReadMs;
    this.#now = now;
  }

  get size(): number {
    return this.#entries.size;
  }

  get({ sessionId, userId }: DisplayKey): U | undefined {
    const entry = this.#entries.get(sessionId);
    if (entry === undefined || entry.userId !== userId) return undefined;
    // Least recently used first: re-inserting moves the entry to the end of the Map's order.
    this.#entries.delete(sessionId);
    this.#entries.set(sessionId, entry);
    return entry.user;
  }

  /**
   * Stores what an API answer said about the user; `readStartedAt` is when the call began (this cache's clock).
   * Refused (false) when the answer may predate an invalidation.
   */
  fill({ sessionId, userId }: DisplayKey, user: U, readStartedAt: number): boolean {
    const now = this.#now();
    const userInvalidated = this.#invalidatedAt.get(userId) ?? Number.NEGATIVE_INFINITY;
    const invalidated = Math.max(userInvalidated, this.#allInvalidatedAt);
    if (now - readStartedAt > this.#maxRead || invalidated >= readStartedAt) return false;
    this.#entries.delete(sessionId);
    this.#entries.set(sessionId, { userId, user });
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return true;
  }

  forgetSessions(sessionIds: Iterable<string>): void {
    for (const sessionId of sessionIds) this.#entries.delete(sessionId);
  }

  forgetUsers(userIds: Iterable<string>): void {
    const now = this.#now();
    const ids = new Set(userIds);
    if (ids.size === 0) return;
    for (const id of ids) this.#invalidatedAt.set(id, now);
    for (const [sessionId, entry] of this.#entries) {
      if (ids.has(entry.userId)) this.#entries.delete(sessionId);
    }
    this.#pruneInvalidations(now);
  }

  forgetAll(): void {
    this.#entries.clear();
    this.#invalidatedAt.clear();
    this.#allInvalidatedAt = this.#now();
  }

  // An invalidation older than the longest read can no longer refuse a fill that is accepted at all.
  #pruneInvalidations(now: number): void {
    if (this.#invalidatedAt.size <= this.#max) return;
    for (const [userId, at] of this.#invalidatedAt) {
      if (now - at > this.#maxRead) this.#invalidatedAt.delete(userId);
    }
  }
}
