import { describe, expect, it, vi } from "vitest";
import type { ApiResult } from "@/lib/api/client";
import {
  createRefreshDeduper,
  type RefreshOutcome,
  refreshOutcomeOf,
  SESSION_SUPERSEDED_CODE,
} from "./refresh-dedupe";

type Pair = { access: string; refresh: string };

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

describe("createRefreshDeduper", () => {
  it("makes one backend call for many parallel refreshes with the same token", async () => {
    const backend = deferred<RefreshOutcome<Pair>>();
    const refresher = vi.fn(() => backend.promise);
    const deduper = createRefreshDeduper(refresher);

    const calls = Array.from({ length: 20 }, () => deduper.refresh("old-refresh", undefined));
    backend.resolve({
      kind: "refreshed",
      tokens: { access: "new-access", refresh: "new-refresh" },
    });
    const outcomes = await Promise.all(calls);

    expect(refresher).toHaveBeenCalledTimes(1);
    expect(refresher).toHaveBeenCalledWith("old-refresh", undefined);
    for (const outcome of outcomes) {
      expect(outcome).toEqual({
        kind: "refreshed",
        tokens: { access: "new-access", refresh: "new-refresh" },
      });
    }
  });

  it("replays the outcome to late callers within the window, then forgets it", async () => {
    let now = 1_000_000;
    const refresher = vi.fn(
      async (): Promise<RefreshOutcome<Pair>> => ({
        kind: "refreshed",
        tokens: { access: "a", refresh: "r" },
      }),
    );
    const deduper = createRefreshDeduper(refresher, { ttlMs: 15_000, now: () => now });

    await deduper.refresh("old", undefined);
    now += 14_000;
    await deduper.refresh("old", undefined);
    expect(refresher).toHaveBeenCalledTimes(1);

    now += 2_000;
    await deduper.refresh("old", undefined);
    expect(refresher).toHaveBeenCalledTimes(2);
  });

  it("keeps different tokens apart", async () => {
    const refresher = vi.fn(
      async (token: string): Promise<RefreshOutcome<Pair>> => ({
        kind: "refreshed",
        tokens: { access: `access-for-${token}`, refresh: `refresh-for-${token}` },
      }),
    );
    const deduper = createRefreshDeduper(refresher);

    const [first, second] = await Promise.all([
      deduper.refresh("token-1", undefined),
      deduper.refresh("token-2", undefined),
    ]);

    expect(refresher).toHaveBeenCalledTimes(2);
    expect(first).toMatchObject({ tokens: { access: "access-for-token-1" } });
    expect(second).toMatchObject({ tokens: { access: "access-for-token-2" } });
  });

  it("shares a rejection too, so every tab is signed out consistently", async () => {
    const refresher = vi.fn(async (): Promise<RefreshOutcome<Pair>> => ({ kind: "rejected" }));
    const deduper = createRefreshDeduper(refresher);

    const outcomes = await Promise.all([
      deduper.refresh("revoked", undefined),
      deduper.refresh("revoked", undefined),
    ]);
    await deduper.refresh("revoked", undefined);

    expect(refresher).toHaveBeenCalledTimes(1);
    expect(outcomes).toEqual([{ kind: "rejected" }, { kind: "rejected" }]);
  });

  it("does not remember transient failures or thrown errors", async () => {
    const refresher = vi
      .fn<(token: string) => Promise<RefreshOutcome<Pair>>>()
      .mockResolvedValueOnce({ kind: "unavailable" })
      .mockRejectedValueOnce(new Error("socket hang up"))
      .mockResolvedValueOnce({ kind: "refreshed", tokens: { access: "a", refresh: "r" } });
    const deduper = createRefreshDeduper(refresher);

    expect(await deduper.refresh("token", undefined)).toEqual({ kind: "unavailable" });
    expect(await deduper.refresh("token", undefined)).toEqual({ kind: "unavailable" });
    expect(await deduper.refresh("token", undefined)).toMatchObject({ kind: "refreshed" });
    expect(refresher).toHaveBeenCalledTimes(3);
  });

  it("does not keep raw tokens as keys and prunes expired entries", async () => {
    let now = 0;
    const deduper = createRefreshDeduper(
      async (): Promise<RefreshOutcome<Pair>> => ({ kind: "rejected" }),
      { ttlMs: 10, now: () => now },
    );
    await deduper.refresh("a", undefined);
    await deduper.refresh("b", undefined);
    expect(deduper.size()).toBe(2);
    now = 100;
    await deduper.refresh("c", undefined);
    expect(deduper.size()).toBe(1);
  });

  describe("late requests after the pair moved on", () => {
    // Each token refreshes to the next one: r0 -> r1 -> r2 -> ...
    const pairAfter = (token: string): Pair => {
      const next = `r${Number(token.slice(1)) + 1}`;
      return { access: `a-${next}`, refresh: next };
    };
    function chainDeduper(now: () => number = Date.now) {
      const refresher = vi.fn(
        async (token: string): Promise<RefreshOutcome<Pair>> => ({
          kind: "refreshed",
          tokens: pairAfter(token),
        }),
      );
      const deduper = createRefreshDeduper(refresher, {
        now,
        ttlMs: 15_000,
        refreshTokenOf: (tokens: Pair) => tokens.refresh,
      });
      return { deduper, refresher };
    }

    it.each([
      { what: "one refresh ago", refreshes: 1, newest: "r1" },
      { what: "two refreshes ago", refreshes: 2, newest: "r2" },
      { what: "five refreshes ago", refreshes: 5, newest: "r5" },
    ])(
      "replays the newest pair to a request whose token was refreshed $what",
      async ({ refreshes, newest }) => {
        const { deduper, refresher } = chainDeduper();
        for (let i = 0; i < refreshes; i++) await deduper.refresh(`r${i}`, undefined);

        expect(await deduper.refresh("r0", undefined)).toEqual({
          kind: "refreshed",
          tokens: { access: `a-${newest}`, refresh: newest },
        });
        expect(refresher).toHaveBeenCalledTimes(refreshes);
      },
    );

    it.each([
      { what: "the replayed pair", refreshes: 1, replaced: "r1" },
      { what: "a pair further down the chain", refreshes: 3, replaced: "r3" },
    ])(
      "says superseded when $what was replaced outside a refresh",
      async ({ refreshes, replaced }) => {
        const { deduper } = chainDeduper();
        for (let i = 0; i < refreshes; i++) await deduper.refresh(`r${i}`, undefined);
        deduper.supersede(replaced);

        expect(await deduper.refresh("r0", undefined)).toEqual({ kind: "superseded" });
        expect(deduper.wasSuperseded(replaced)).toBe(true);
        expect(deduper.wasSuperseded("r0")).toBe(false);
      },
    );

    // Another replica replaced the session: this server learns it only from Django, when a later token of the
    // chain is presented (401 session_superseded), and a replay of an earlier one must not hand out the dead pair.
    it.each([
      { what: "the replayed pair", refreshes: 1, supersededAt: 1 },
      { what: "a pair further down the chain", refreshes: 3, supersededAt: 3 },
      { what: "a pair in the middle of the chain", refreshes: 3, supersededAt: 2 },
    ])("says superseded when Django said so of $what", async ({ refreshes, supersededAt }) => {
      const refresher = vi.fn(
        async (token: string): Promise<RefreshOutcome<Pair>> =>
          Number(token.slice(1)) >= supersededAt
            ? { kind: "superseded" }
            : { kind: "refreshed", tokens: pairAfter(token) },
      );
      const deduper = createRefreshDeduper(refresher, {
        refreshTokenOf: (tokens: Pair) => tokens.refresh,
      });
      for (let i = 0; i <= Math.min(refreshes, supersededAt); i++) {
        await deduper.refresh(`r${i}`, undefined);
      }

      expect(await deduper.refresh("r0", undefined)).toEqual({ kind: "superseded" });
      expect(await deduper.refresh(`r${supersededAt}`, undefined)).toEqual({ kind: "superseded" });
    });

    it("forgets a superseded token after the window, keyed by digest", async () => {
      let now = 0;
      const { deduper } = chainDeduper(() => now);
      deduper.supersede("r7");
      expect(deduper.wasSuperseded("r7")).toBe(true);
      expect(deduper.wasSuperseded("r70")).toBe(false);
      now = 15_000;
      expect(deduper.wasSuperseded("r7")).toBe(false);
    });

    it("does not follow chains without refreshTokenOf", async () => {
      const deduper = createRefreshDeduper(
        async (token: string): Promise<RefreshOutcome<Pair>> => ({
          kind: "refreshed",
          tokens: pairAfter(token),
        }),
      );
      await deduper.refresh("r0", undefined);
      await deduper.refresh("r1", undefined);
      expect(await deduper.refresh("r0", undefined)).toEqual({
        kind: "refreshed",
        tokens: { access: "a-r1", refresh: "r1" },
      });
    });
  });

  it.each([
    { what: "rejected", outcome: { kind: "rejected" } as RefreshOutcome<Pair> },
    {
      what: "refreshed",
      outcome: { kind: "refreshed", tokens: { access: "a", refresh: "r" } } as RefreshOutcome<Pair>,
    },
  ])(
    "answers superseded when the presented token was superseded while its refresh ($what) was in flight",
    async ({ outcome }) => {
      const backend = deferred<RefreshOutcome<Pair>>();
      const deduper = createRefreshDeduper(() => backend.promise);
      const first = deduper.refresh("old", undefined);
      deduper.supersede("old");
      backend.resolve(outcome);
      expect(await first).toEqual({ kind: "superseded" });
      expect(await deduper.refresh("old", undefined)).toEqual({ kind: "superseded" });
    },
  );
});

describe("refreshOutcomeOf", () => {
  const tokens = { access: "a", refresh: "r" };
  const failure = (status: number, ...codes: string[]): ApiResult<typeof tokens> => ({
    ok: false,
    status,
    errors: codes.map((code) => ({ code, message: "m" })),
    retryAfter: null,
  });

  it.each([
    ["200", { ok: true, status: 200, data: tokens } as const, { kind: "refreshed", tokens }],
    ["401 session_superseded", failure(401, SESSION_SUPERSEDED_CODE), { kind: "superseded" }],
    [
      "401 with it beside another",
      failure(401, "token_not_valid", SESSION_SUPERSEDED_CODE),
      { kind: "superseded" },
    ],
    ["401 token_not_valid", failure(401, "token_not_valid"), { kind: "rejected" }],
    ["401 without a body", failure(401), { kind: "rejected" }],
    ["401, the code in another case", failure(401, "Session_Superseded"), { kind: "rejected" }],
    ["400 (not a token)", failure(400, "invalid"), { kind: "rejected" }],
    // Only Django's 401 says superseded: the same code on another status is no statement about the session.
    ["400 with the code", failure(400, SESSION_SUPERSEDED_CODE), { kind: "rejected" }],
    ["429 with the code", failure(429, SESSION_SUPERSEDED_CODE), { kind: "unavailable" }],
    ["429", failure(429, "throttled"), { kind: "unavailable" }],
    ["503", failure(503), { kind: "unavailable" }],
    ["unreachable", failure(0, "unreachable"), { kind: "unavailable" }],
  ])("%s", (_name, result, expected) => {
    expect(refreshOutcomeOf(result)).toEqual(expected);
  });
});
