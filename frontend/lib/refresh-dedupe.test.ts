import { describe, expect, it, vi } from "vitest";
import { createRefreshDeduper, type RefreshOutcome } from "./refresh-dedupe";

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
});
