/**
 * The signed-in user's display data (the API's user object) per session, in this server's memory, so a page can
 * show who is signed in without asking Django. Only worth reading while the revocation feed is trusted: the feed
 * says the session is live, this says what to show.
 *
 * An entry is dropped when its session ends, when its user changes (a `users` message, or a change this server
 * made), and all of them when the feed resyncs. A user object read before such an invalidation must not be
 * stored after it: a fill is refused while the user (or everything) was invalidated less than `fillGuardMs` ago,
 * where `fillGuardMs` is the longest an API call may take (its timeout), so any answer older than the
 * invalidation is caught without each caller recording when its read began.
 */

export type DisplayKey = { sessionId: string; userId: string };

type Entry<U> = { userId: string; user: U };

export type DisplayCacheOptions = {
  maxEntries: number;
  fillGuardMs: number;
  now?: () => number;
};

export class DisplayCache<U> {
  readonly #entries = new Map<string, Entry<U>>();
  readonly #invalidatedAt = new Map<string, number>();
  #allInvalidatedAt = Number.NEGATIVE_INFINITY;
  readonly #max: number;
  readonly #guard: number;
  readonly #now: () => number;

  constructor({ maxEntries, fillGuardMs, now = () => performance.now() }: DisplayCacheOptions) {
    this.#max = maxEntries;
    this.#guard = fillGuardMs;
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

  /** Stores what an API answer said about the user; refused (false) when it may predate an invalidation. */
  fill({ sessionId, userId }: DisplayKey, user: U): boolean {
    const now = this.#now();
    const userInvalidated = this.#invalidatedAt.get(userId) ?? Number.NEGATIVE_INFINITY;
    if (now - Math.max(userInvalidated, this.#allInvalidatedAt) < this.#guard) return false;
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

  // Invalidation times matter only within the guard: older ones no longer refuse anything.
  #pruneInvalidations(now: number): void {
    if (this.#invalidatedAt.size <= this.#max) return;
    for (const [userId, at] of this.#invalidatedAt) {
      if (now - at >= this.#guard) this.#invalidatedAt.delete(userId);
    }
  }
}
