import "server-only";
import { createClient, RESP_TYPES } from "@redis/client";
import { env } from "@/lib/env";
import {
  parseFeedMessage,
  parseSentinel,
  RevocationState,
  type SessionVerdict,
} from "@/lib/revocation-state";
import { serverLog } from "@/lib/server-log";

/**
 * Django's revocation push (backend/usersessions/revocation_feed.py), heard by this Node.js server too: the same
 * Redis channel, markers and sentinel, and an acknowledgement for every message, since the revoking request
 * waits until every subscriber has acknowledged (a subscriber that does not would make every logout wait out
 * Django's ACK_TIMEOUT_SECONDS). The trust rules live in lib/revocation-state.ts; this is transport only.
 *
 * Started lazily by the first lookup (and by instrumentation.ts at boot), once per process. Without REDIS_URL
 * there is no feed: revocationFeed() is null, and pages ask Django, as before.
 */

const CHANNEL = "session-revocations";
const SENTINEL_KEY = "session-revocations:since";
const REVOKED_PREFIX = "session-revoked:";
const TICK_MS = 1_000;
const RETRY_MS = 1_000;
const ACK_TTL_SECONDS = 60;

export type RevocationFeedOptions = {
  redisUrl: string;
  /** Django's CACHE_KEY_PREFIX: its cache keys are `<prefix>:<version 1>:<key>` (Django's default key function). */
  keyPrefix: string;
  accessLifetimeSeconds: number;
  warn?: (message: string) => void;
};

export type RevocationFeed = {
  readonly state: RevocationState;
  /** Subscribes now rather than at the first lookup (idempotent). */
  start(): void;
  lookup(sessionId: string, tokenLifetimeSeconds?: number): SessionVerdict;
  stop(): Promise<void>;
};

export function createRevocationFeed(options: RevocationFeedOptions): RevocationFeed {
  const state = new RevocationState(options.accessLifetimeSeconds);
  const key = (name: string) => `${options.keyPrefix}:1:${name}`;
  const warn = options.warn ?? ((message: string) => serverLog().warn(message));
  let stopped = false;
  // Warn once per outage rather than at every retry (one a second while Redis is down).
  let warned = false;
  let abortCurrent: ((reason: Error) => void) | null = null;
  let running: Promise<void> | null = null;

  /** One subscription, from connecting to its failure: subscribe, load the markers, then listen and ping. */
  async function listen(): Promise<void> {
    // No reconnection by the client: a new connection must resync before anything is trusted again.
    const commands = createClient({
      url: options.redisUrl,
      disableOfflineQueue: true,
      socket: { reconnectStrategy: false, connectTimeout: 2_000 },
    }).withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
    const subscriber = commands.duplicate();
    let timer: ReturnType<typeof setInterval> | undefined;
    const failed = new Promise<never>((_, reject) => {
      abortCurrent = reject;
      commands.on("error", reject);
      subscriber.on("error", reject);
      commands.on("end", () => reject(new Error("connection closed")));
      subscriber.on("end", () => reject(new Error("subscription closed")));
    });
    failed.catch(() => {});
    const orFail = <T>(step: Promise<T>) => Promise.race([step, failed]);

    try {
      await orFail(Promise.all([commands.connect(), subscriber.connect()]));
      state.syncStarted();
      await orFail(
        subscriber.subscribe(key(CHANNEL), (payload) => {
          const message = parseFeedMessage(payload.toString());
          if (message === null) {
            abortCurrent?.(new Error("unreadable revocation message"));
            return;
          }
          state.applied(message);
          const ack = key(`${CHANNEL}:ack:${message.id}`);
          Promise.all([commands.incr(ack), commands.expire(ack, ACK_TTL_SECONDS)]).catch((error) =>
            abortCurrent?.(error),
          );
        }),
      );

      const prefix = key(REVOKED_PREFIX);
      const markers: string[] = [];
      const scan = async () => {
        for await (const keys of commands.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
          for (const found of keys) markers.push(found.toString().slice(prefix.length));
        }
      };
      await orFail(scan());
      const since = await orFail(sentinel(true));
      if (since === null) throw new Error("revocation sentinel unreadable");
      state.synced(markers, since);
      warned = false;

      await orFail(
        new Promise<never>((_, reject) => {
          let pinging = false;
          timer = setInterval(() => {
            if (state.silent()) reject(new Error("revocation feed silent"));
            else if (state.pingDue() && !pinging) {
              pinging = true;
              state.pingSent();
              state.prune();
              subscriber
                .ping()
                .then(() => state.heard())
                .then(() => sentinel(false))
                .then((since) => {
                  if (!state.sentinelChecked(since)) reject(new Error("revocation sentinel lost"));
                })
                .catch(reject)
                .finally(() => {
                  pinging = false;
                });
            }
          }, TICK_MS);
          timer.unref?.();
        }),
      );
    } finally {
      clearInterval(timer);
      abortCurrent = null;
      state.lost();
      for (const client of [subscriber, commands]) {
        try {
          client.destroy();
        } catch {}
      }
    }

    /** The sentinel's time (Unix seconds); `create`: written now when missing, as Django does (cache.add). */
    async function sentinel(create: boolean): Promise<number | null> {
      const found = parseSentinel(await commands.get(key(SENTINEL_KEY)));
      if (found !== null || !create) return found;
      // Django reads an int as an int: no pickle needed. Rounded up, so trust never comes early.
      await commands.set(key(SENTINEL_KEY), String(Math.ceil(Date.now() / 1000)), {
        condition: "NX",
      });
      return parseSentinel(await commands.get(key(SENTINEL_KEY)));
    }
  }

  async function run(): Promise<void> {
    while (!stopped) {
      try {
        await listen();
      } catch (error) {
        if (!stopped && !warned) {
          warned = true;
          warn(
            `Revocation feed interrupted (${(error as Error).message}); asking the API until it resyncs`,
          );
        }
      }
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, RETRY_MS).unref?.());
    }
  }

  return {
    state,
    start() {
      running ??= run();
    },
    lookup(sessionId, tokenLifetimeSeconds) {
      running ??= run();
      return state.lookup(sessionId, tokenLifetimeSeconds);
    },
    async stop() {
      stopped = true;
      abortCurrent?.(new Error("stopped"));
      await running;
    },
  };
}

// Kept on globalThis so every bundle loaded in this server process (proxy, app routes, dev reloads) shares one.
const FEED_KEY = Symbol.for("auth-frontend.revocation-feed");

/** This process's feed, or null without Redis (REDIS_URL unset: the development default). */
export function revocationFeed(): RevocationFeed | null {
  if (!env.redisUrl || !env.sessionRevocationPush) return null;
  const store = globalThis as typeof globalThis & { [FEED_KEY]?: RevocationFeed };
  store[FEED_KEY] ??= createRevocationFeed({
    redisUrl: env.redisUrl,
    keyPrefix: env.cacheKeyPrefix,
    accessLifetimeSeconds: env.accessTokenLifetimeSeconds,
  });
  return store[FEED_KEY];
}
