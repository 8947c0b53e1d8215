import { describe, expect, it } from "vitest";
import {
  type Clock,
  IDLE_PING_MS,
  type Invalidation,
  parseFeedMessage,
  parseSentinel,
  RevocationState,
  SILENCE_LIMIT_MS,
} from "./revocation-state";

const LIFETIME = 300;
const WINDOW = LIFETIME + 60;

/** A clock the test moves: `now` in ms (monotonic), wall time in Unix seconds. */
function testClock(start = 1_000_000) {
  const clock = { ms: 0, wall: start };
  const api: Clock = { now: () => clock.ms, wallSeconds: () => clock.wall };
  const advance = (ms: number) => {
    clock.ms += ms;
    clock.wall += ms / 1000;
  };
  return { clock: api, advance, wall: () => clock.wall };
}

function syncedState(sentinelAge = 86_400) {
  const time = testClock();
  const state = new RevocationState(LIFETIME, time.clock);
  state.syncStarted();
  state.synced([], time.wall() - sentinelAge);
  return { state, ...time };
}

describe("RevocationState trust", () => {
  it("trusts nothing before the first sync", () => {
    const state = new RevocationState(LIFETIME, testClock().clock);
    expect(state.lookup("s1")).toBe("untrusted");
    state.syncStarted();
    expect(state.lookup("s1")).toBe("untrusted");
  });

  it("answers live and revoked once synced with an old sentinel", () => {
    const time = testClock();
    const state = new RevocationState(LIFETIME, time.clock);
    state.syncStarted();
    state.synced(["gone"], time.wall() - 86_400);
    expect(state.lookup("gone")).toBe("revoked");
    expect(state.lookup("other")).toBe("live");
  });

  it("waits an access-token lifetime plus the margin after a young sentinel (Redis lost its data)", () => {
    const { state, advance } = syncedState(10);
    expect(state.lookup("s1")).toBe("untrusted");
    advance((WINDOW - 10 - 1) * 1000);
    state.heard();
    expect(state.lookup("s1")).toBe("untrusted");
    advance(2_000);
    state.heard();
    expect(state.lookup("s1")).toBe("live");
  });

  it("uses the token's own lifetime when it is longer than the configured one", () => {
    const { state } = syncedState(WINDOW + 5);
    expect(state.lookup("s1", LIFETIME)).toBe("live");
    expect(state.lookup("s1", 3_600)).toBe("untrusted");
  });

  it("applies revocations published while the markers were being loaded", () => {
    const time = testClock();
    const state = new RevocationState(LIFETIME, time.clock);
    state.syncStarted();
    state.applied({ id: "a1", sessions: ["during-sync"], users: [] });
    expect(state.lookup("during-sync")).toBe("untrusted");
    state.synced(["before-sync"], time.wall() - 86_400);
    expect(state.lookup("during-sync")).toBe("revoked");
    expect(state.lookup("before-sync")).toBe("revoked");
  });

  it("forgets what an earlier subscription learnt when a new one starts", () => {
    const { state, wall } = syncedState();
    state.applied({ id: "a1", sessions: ["old"], users: [] });
    state.lost();
    expect(state.lookup("old")).toBe("untrusted");
    state.syncStarted();
    state.synced(["old-marker-still-in-redis"], wall() - 86_400);
    expect(state.lookup("old")).toBe("live");
    expect(state.lookup("old-marker-still-in-redis")).toBe("revoked");
  });

  it("stops trusting a subscription that has heard nothing for the silence limit", () => {
    const { state, advance } = syncedState();
    advance(IDLE_PING_MS + 1);
    expect(state.pingDue()).toBe(true);
    expect(state.lookup("s1")).toBe("live");
    advance(SILENCE_LIMIT_MS - IDLE_PING_MS);
    expect(state.silent()).toBe(true);
    expect(state.lookup("s1")).toBe("untrusted");
    state.heard();
    expect(state.lookup("s1")).toBe("live");
  });

  it("pings every IDLE_PING_MS even while messages keep arriving (each ping rechecks the sentinel)", () => {
    const { state, advance } = syncedState();
    for (let i = 0; i < 5; i++) {
      advance(1_000);
      state.applied({ id: `m${i}`, sessions: [], users: ["1"] });
    }
    expect(state.pingDue()).toBe(false);
    advance(1);
    expect(state.pingDue()).toBe(true);
    state.pingSent();
    expect(state.pingDue()).toBe(false);
  });

  it("restarts when the sentinel vanishes and trusts later when a newer one appears", () => {
    const { state, wall } = syncedState();
    expect(state.sentinelChecked(null)).toBe(false);
    expect(state.sentinelChecked(wall() - 5)).toBe(true);
    expect(state.lookup("s1")).toBe("untrusted");
  });

  it("lets a marker go once every token of its session has expired", () => {
    const { state, advance } = syncedState();
    state.applied({ id: "a1", sessions: ["gone"], users: [] });
    advance(WINDOW * 1000 - 1);
    state.heard();
    state.prune();
    expect(state.lookup("gone")).toBe("revoked");
    advance(2);
    state.heard();
    state.prune();
    expect(state.lookup("gone")).toBe("live");
  });

  it("tells listeners what to forget: sessions and users pushed, everything at a sync", () => {
    const time = testClock();
    const state = new RevocationState(LIFETIME, time.clock);
    const seen: Invalidation[] = [];
    state.onInvalidate((change) => seen.push(change));
    state.syncStarted();
    state.synced([], time.wall() - 86_400);
    state.applied({ id: "a1", sessions: ["s1"], users: [] });
    state.applied({ id: "a2", sessions: [], users: ["7"] });
    state.applied({ id: "a3", sessions: [], users: [] });
    expect(seen).toEqual([
      { sessions: [], users: [], all: true },
      { sessions: ["s1"], users: [], all: false },
      { sessions: [], users: ["7"], all: false },
    ]);
  });
});

describe("parseFeedMessage", () => {
  it("reads Django's payload", () => {
    expect(parseFeedMessage('{"id": "ab12", "sessions": ["s1"], "users": ["7"]}')).toEqual({
      id: "ab12",
      sessions: ["s1"],
      users: ["7"],
    });
    expect(parseFeedMessage('{"id": "ab12", "users": [7]}')).toEqual({
      id: "ab12",
      sessions: [],
      users: ["7"],
    });
  });

  it.each([
    "not json",
    "null",
    "[]",
    '{"sessions": []}',
    '{"id": "not hex!", "sessions": []}',
    '{"id": "ab", "sessions": "s1"}',
    '{"id": "ab", "sessions": [{}]}',
  ])("refuses %s", (payload) => {
    expect(parseFeedMessage(payload)).toBeNull();
  });
});

describe("parseSentinel", () => {
  it("reads an int as Django's RedisCache stores it, and the value this server writes", () => {
    expect(parseSentinel(Buffer.from("1764560000"))).toBe(1_764_560_000);
  });

  it("reads a pickled float (Django's cache.add(SENTINEL_KEY, time.time()))", () => {
    // pickle.dumps(1764560000.25, 5) and protocol 4, as Python writes them.
    const pickled = (protocol: number) =>
      Buffer.concat([
        Buffer.from([0x80, protocol, 0x95, 10, 0, 0, 0, 0, 0, 0, 0, 0x47]),
        (() => {
          const b = Buffer.alloc(8);
          b.writeDoubleBE(1_764_560_000.25);
          return b;
        })(),
        Buffer.from([0x2e]),
      ]);
    expect(parseSentinel(pickled(5))).toBe(1_764_560_000.25);
    expect(parseSentinel(pickled(4))).toBe(1_764_560_000.25);
  });

  it("answers null for anything else", () => {
    expect(parseSentinel(null)).toBeNull();
    expect(parseSentinel(Buffer.from("soon"))).toBeNull();
    expect(parseSentinel(Buffer.from([0x80, 5, 0x95, 1, 2, 3]))).toBeNull();
  });
});
