import { describe, expect, it } from "vitest";
import { DisplayCache } from "./display-cache";

type User = { id: number; name: string };
const GUARD = 10_000;

function cache(maxEntries = 100) {
  const time = { now: 100_000 };
  const users = new DisplayCache<User>({ maxEntries, fillGuardMs: GUARD, now: () => time.now });
  return { users, time };
}

const ann = { id: 1, name: "Ann" };
const annKey = { sessionId: "s1", userId: "1" };

describe("DisplayCache", () => {
  it("answers for the session and user it was filled for, and no other pairing", () => {
    const { users } = cache();
    expect(users.fill(annKey, ann)).toBe(true);
    expect(users.get(annKey)).toEqual(ann);
    expect(users.get({ sessionId: "s1", userId: "2" })).toBeUndefined();
    expect(users.get({ sessionId: "s2", userId: "1" })).toBeUndefined();
  });

  it("forgets a session that ended, and every session of a user that changed", () => {
    const { users } = cache();
    users.fill(annKey, ann);
    users.fill({ sessionId: "s2", userId: "1" }, ann);
    users.fill({ sessionId: "s3", userId: "2" }, { id: 2, name: "Bob" });
    users.forgetSessions(["s1"]);
    expect(users.get(annKey)).toBeUndefined();
    expect(users.get({ sessionId: "s2", userId: "1" })).toEqual(ann);
    users.forgetUsers(["1"]);
    expect(users.get({ sessionId: "s2", userId: "1" })).toBeUndefined();
    expect(users.get({ sessionId: "s3", userId: "2" })).toEqual({ id: 2, name: "Bob" });
  });

  it("refuses an answer that may have been read before the user changed, until the guard has passed", () => {
    const { users, time } = cache();
    users.forgetUsers(["1"]);
    time.now += GUARD - 1;
    expect(users.fill(annKey, { id: 1, name: "Ann (stale)" })).toBe(false);
    expect(users.get(annKey)).toBeUndefined();
    expect(users.fill({ sessionId: "s3", userId: "2" }, { id: 2, name: "Bob" })).toBe(true);
    time.now += 1;
    expect(users.fill(annKey, ann)).toBe(true);
  });

  it("after forgetting everything (a resync), refuses every fill within the guard", () => {
    const { users, time } = cache();
    users.fill(annKey, ann);
    users.forgetAll();
    expect(users.get(annKey)).toBeUndefined();
    expect(users.fill({ sessionId: "s3", userId: "2" }, { id: 2, name: "Bob" })).toBe(false);
    time.now += GUARD;
    expect(users.fill(annKey, ann)).toBe(true);
  });

  it("drops the least recently used entry beyond its size", () => {
    const { users } = cache(2);
    users.fill({ sessionId: "a", userId: "1" }, ann);
    users.fill({ sessionId: "b", userId: "1" }, ann);
    users.get({ sessionId: "a", userId: "1" });
    users.fill({ sessionId: "c", userId: "1" }, ann);
    expect(users.size).toBe(2);
    expect(users.get({ sessionId: "b", userId: "1" })).toBeUndefined();
    expect(users.get({ sessionId: "a", userId: "1" })).toEqual(ann);
    expect(users.get({ sessionId: "c", userId: "1" })).toEqual(ann);
  });
});
