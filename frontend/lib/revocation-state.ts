/**
 * What this server knows about ended sessions, and whether that knowledge is complete: the trust rules of
 * Django's usersessions/revocation_feed.py, without the transport (lib/revocation-feed.server.ts feeds it).
 *
 * Trusted only while subscribed and synced (the markers already in Redis loaded after subscribing, so nothing
 * published meanwhile is missed), the subscription not silent for longer than SILENCE_LIMIT_MS, and the Redis
 * sentinel older than an access-token lifetime plus a margin: a younger sentinel means Redis lost its data (a
 * restart without persistence) recently enough that a lost marker may belong to a token still alive.
 * Otherwise lookup() answers "untrusted" and the caller asks Django, as it does without Redis.
 */

export const IDLE_PING_MS = 5_000;
/** A subscription that has heard nothing (not even its own pings) for this long is treated as dead. */
export const SILENCE_LIMIT_MS = 15_000;
/** Django's margin over the access-token lifetime (the `+ 60` of its `_window`). */
export const TRUST_MARGIN_SECONDS = 60;

export type FeedMessage = { id: string; sessions: string[]; users: string[] };

export type SessionVerdict = "untrusted" | "revoked" | "live";

/** What a listener must forget: these sessions, these users' data, or everything it holds (`all`). */
export type Invalidation = { sessions: string[]; users: string[]; all: boolean };

export type Clock = { now(): number; wallSeconds(): number };

export const systemClock: Clock = {
  now: () => performance.now(),
  wallSeconds: () => Date.now() / 1000,
};

export class RevocationState {
  readonly #windowSeconds: number;
  readonly #clock: Clock;
  readonly #listeners = new Set<(change: Invalidation) => void>();
  // Session id -> when (clock.now(), ms) its marker stops mattering: every token of it has expired by then.
  #revoked = new Map<string, number>();
  #ready = false;
  #since = Number.POSITIVE_INFINITY;
  #heard = 0;
  #pinged = 0;

  /** `accessLifetimeSeconds`: the API's access-token lifetime (JWT_ACCESS_TOKEN_LIFETIME, as Django reads it). */
  constructor(accessLifetimeSeconds: number, clock: Clock = systemClock) {
    this.#windowSeconds = accessLifetimeSeconds + TRUST_MARGIN_SECONDS;
    this.#clock = clock;
  }

  onInvalidate(listener: (change: Invalidation) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // ---- the hot path --------------------------------------------------------------------------------------------
  /**
   * For a session whose access token verified locally: revoked, live, or "untrusted" (ask Django).
   * `tokenLifetimeSeconds` (the token's exp - iat) widens the window when the token outlives the configured
   * lifetime, so a frontend configured with a shorter lifetime than the API's cannot trust too early.
   */
  lookup(sessionId: string, tokenLifetimeSeconds = 0): SessionVerdict {
    if (!this.trusted(tokenLifetimeSeconds)) return "untrusted";
    const until = this.#revoked.get(sessionId);
    return until !== undefined && until > this.#clock.now() ? "revoked" : "live";
  }

  trusted(tokenLifetimeSeconds = 0): boolean {
    if (!this.#ready || this.#clock.now() - this.#heard > SILENCE_LIMIT_MS) return false;
    const window = Math.max(this.#windowSeconds, tokenLifetimeSeconds + TRUST_MARGIN_SECONDS);
    return this.#clock.wallSeconds() >= this.#since + window;
  }

  // ---- events from the transport -------------------------------------------------------------------------------
  /** Subscribed, about to load the markers: from here on, messages are kept, but nothing is trusted. */
  syncStarted(): void {
    this.#ready = false;
    this.#revoked = new Map();
  }

  /**
   * The markers found in Redis after subscribing, and the sentinel's time (Unix seconds). Merged with what was
   * published while they were being read. Everything learnt before may be out of date: listeners forget it all.
   */
  synced(markers: Iterable<string>, sinceSeconds: number): void {
    const until = this.#clock.now() + this.#windowSeconds * 1000;
    for (const sessionId of markers) this.#revoked.set(sessionId, until);
    this.#since = sinceSeconds;
    this.#heard = this.#pinged = this.#clock.now();
    this.#ready = true;
    this.#emit({ sessions: [], users: [], all: true });
  }

  /** A revocation or a user change, pushed. Applied even while syncing, so the sync cannot lose it. */
  applied(message: FeedMessage): void {
    const until = this.#clock.now() + this.#windowSeconds * 1000;
    for (const sessionId of message.sessions) this.#revoked.set(sessionId, until);
    this.heard();
    if (message.sessions.length > 0 || message.users.length > 0) {
      this.#emit({ sessions: message.sessions, users: message.users, all: false });
    }
  }

  /** Anything arrived on the subscription (a message, a ping's answer). */
  heard(): void {
    this.#heard = this.#clock.now();
  }

  /**
   * Whether to ping now: every IDLE_PING_MS, busy or not, since each ping also rechecks the sentinel and prunes
   * (Django's loop does the same). The answer, like any message, counts as heard.
   */
  pingDue(): boolean {
    return this.#clock.now() - this.#pinged > IDLE_PING_MS;
  }

  pingSent(): void {
    this.#pinged = this.#clock.now();
  }

  /** Whether the subscription has been quiet for so long that it must be treated as dead. */
  silent(): boolean {
    return this.#ready && this.#clock.now() - this.#heard > SILENCE_LIMIT_MS;
  }

  /**
   * The sentinel read again (Unix seconds, or null when gone). Gone means Redis lost its data without dropping
   * the connection: false, and the transport must start over. A newer one moves trust further away.
   */
  sentinelChecked(sinceSeconds: number | null): boolean {
    if (sinceSeconds === null) return false;
    this.#since = Math.max(this.#since, sinceSeconds);
    return true;
  }

  /** The subscription broke: nothing is trusted until the next sync. */
  lost(): void {
    this.#ready = false;
  }

  prune(): void {
    const now = this.#clock.now();
    for (const [sessionId, until] of this.#revoked) {
      if (until <= now) this.#revoked.delete(sessionId);
    }
  }

  #emit(change: Invalidation): void {
    for (const listener of this.#listeners) listener(change);
  }
}

/**
 * A message of Django's RevocationFeed.publish: `{"id": hex, "sessions": [...], "users": [...]}`, or null when
 * the payload is not one (the transport then resyncs rather than guess).
 */
export function parseFeedMessage(payload: string): FeedMessage | null {
  let data: unknown;
  try {
    data = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof data !== "object" || data === null) return null;
  const { id, sessions = [], users = [] } = data as Record<string, unknown>;
  const strings = (value: unknown): value is unknown[] =>
    Array.isArray(value) &&
    value.every((item) => typeof item === "string" || typeof item === "number");
  if (
    typeof id !== "string" ||
    !/^[0-9a-f]{1,64}$/.test(id) ||
    !strings(sessions) ||
    !strings(users)
  ) {
    return null;
  }
  return { id, sessions: sessions.map(String), users: users.map(String) };
}

/**
 * The sentinel's value as Django's RedisCache stores it: an int as its digits, anything else pickled, here a
 * float (`time.time()`), which pickle writes as opcode G and 8 big-endian bytes. Null for anything else.
 */
export function parseSentinel(raw: Buffer | null): number | null {
  if (raw === null) return null;
  const text = raw.toString("latin1");
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  // \x80 <protocol 4 or 5> \x95 <8-byte frame length> G <8-byte double> .
  if (
    raw.length === 21 &&
    raw[0] === 0x80 &&
    (raw[1] === 4 || raw[1] === 5) &&
    raw[2] === 0x95 &&
    raw[11] === 0x47 &&
    raw[20] === 0x2e
  ) {
    const value = raw.readDoubleBE(12);
    return Number.isFinite(value) ? value : null;
  }
  return null;
}
