import { describe, expect, it } from "vitest";
import { createProvidersCache, providerLabel, usableProviders } from "./social-providers";

describe("usableProviders", () => {
  it("keeps well-formed entries in order", () => {
    expect(
      usableProviders([
        { id: "corp", label: "Corp SSO" },
        { id: "github", label: " GitHub " },
      ]),
    ).toEqual([
      { id: "corp", label: "Corp SSO" },
      { id: "github", label: "GitHub" },
    ]);
  });

  it.each<[string, unknown]>([
    ["not a list", { id: "corp", label: "Corp" }],
    ["null", null],
    ["an id with a slash", [{ id: "a/b", label: "A" }]],
    ["an id with a dot", [{ id: "a.b", label: "A" }]],
    ["an empty id", [{ id: "", label: "A" }]],
    ["no label", [{ id: "corp" }]],
    ["a blank label", [{ id: "corp", label: "  " }]],
    ["an oversized label", [{ id: "corp", label: "x".repeat(81) }]],
    ["a null entry", [null]],
  ])("drops %s", (_label, data) => {
    expect(usableProviders(data)).toEqual([]);
  });

  it("keeps the first of two entries with one id", () => {
    expect(
      usableProviders([
        { id: "corp", label: "One" },
        { id: "corp", label: "Two" },
      ]),
    ).toEqual([{ id: "corp", label: "One" }]);
  });

  it("finds a label by id", () => {
    const providers = [{ id: "corp", label: "Corp SSO" }];
    expect(providerLabel(providers, "corp")).toBe("Corp SSO");
    expect(providerLabel(providers, "google")).toBeNull();
    expect(providerLabel(providers, ["corp"])).toBeNull();
  });
});

describe("createProvidersCache", () => {
  it("asks once per window, shares the answer and asks again after it", async () => {
    let now = 0;
    const calls: number[] = [];
    const get = createProvidersCache(
      async () => {
        calls.push(now);
        return [{ id: "corp", label: "Corp" }];
      },
      { ttlMs: 60_000, now: () => now },
    );
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).toEqual([{ id: "corp", label: "Corp" }]);
    expect(b).toBe(a);
    now = 59_999;
    await get();
    expect(calls).toEqual([0]);
    now = 60_000;
    await get();
    expect(calls).toEqual([0, 60_000]);
  });

  it.each<[string, () => Promise<null>]>([
    ["an unreachable API", async () => null],
    ["a thrown error", async () => Promise.reject(new Error("boom"))],
  ])("reads %s as no providers, and asks again sooner", async (_label, fetchList) => {
    let now = 0;
    let calls = 0;
    const get = createProvidersCache(
      () => {
        calls += 1;
        return fetchList();
      },
      { ttlMs: 60_000, failureTtlMs: 10_000, now: () => now },
    );
    expect(await get()).toEqual([]);
    now = 9_999;
    await get();
    expect(calls).toBe(1);
    now = 10_000;
    await get();
    expect(calls).toBe(2);
  });
});
