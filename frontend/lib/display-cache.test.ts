import { describe, expect, it } from "vitest";
import { DisplayCache } from "./display-cache";

type User = { id: number; name: string };
const MAX_READ = 10_000;

function cache(maxEntries = 100) {
  const time = { now: 100_000 };
  const users = new DisplayCache<User>({ maxEntries, maxReadMs: MAX_READ, now: () => time.now });
  return { users, time };
}

const ann = { id: 1, name: "Ann" };
const annKey = { sessionId: "s1", userId: "1" };

describe("DisplayCache", () => {
  it("answers for the session and user it was filled for, and no other pairing", () => {
    const { users, time } = cache();
    expect(users.fill(annKey, ann, time.now)).toBe(true);
    expect(users.get(annKey)).toEqual(ann);
    expect(users.get({ sessionId: "s1", userId: "2" })).toBeUndefined();
    expect(users.get({ sessionId: "s2", userId: "1" })).toBeUndefined();
  });

  it("forgets a session that ended, and every session of a user that changed", () => {
    const { users, time } = cache();
    users.fill(annKey, ann, time.now);
    users.fill({ sessionId: "s2", userId: "1" }, ann, time.now);
    users.fill({ sessionId: "s3", userId: "2" }, { id: 2, name: "Bob" }, time.now);
    users.forgetSessions(["s1"]);
    expect(users.get(annKey)).toBeUndefined();
    expect(users.get({ sessionId: "s2", userId: "1" })).toEqual(ann);
    users.forgetUsers(["1"]);
    expect(users.get({ sessionId: "s2", userId: "1" })).toBeUndefined();
    expect(users.get({ sessionId: "s3", userId: "2" })).toEqual({ id: 2, name: "Bob" });
  });

  it("refuses an answer read before its user changed, and takes one read after", () => {
    const { users, time } = cache();
    const staleRead = time.now;
    time.now += 5;
    users.forgetUsers(["1"]);
    time.now += 5;
    expect(users.fill(annKey, { id: 1, name: "Ann (stale)" }, staleRead)).toBe(false);
    expect(users.get(annKey)).toBeUndefined();
    expect(users.fill({ sessionId: "s3", userId: "2" }, { id: 2, name: "Bob" }, staleRead)).toBe(
      true,
    );
    expect(users.fill(annKey, ann, time.now - 1)).toBe(true);
    expect(users.get(annKey)).toEqual(ann);
  });

  it("after forgetting everything (a resync), refuses every answer read before it", () => {
    const { users, time } = cache();
    users.fill(annKey, ann, time.now);
    const before = time.now;
    time.now += 1;
    users.forgetAll();
    expect(users.get(annKey)).toBeUndefined();
    expect(users.fill({ sessionId: "s3", userId: "2" }, { id: 2, name: "Bob" }, before)).toBe(
      false,
    );
    time.now += 1;
    expect(users.fill(annKey, ann, time.now)).toBe(true);
  });

  it("refuses an answer whose read began longer ago than any call may take", () => {
    const { users, time } = cache();
    const started = time.now;
    time.now += MAX_READ + 1;
    expect(users.fill(annKey, ann, started)).toBe(false);
  });

  it("drops the least recently used entry beyond its size", () => {
    const { users, time } = cache(2);
    users.fill({ sessionId: "a", userId: "1" }, ann, time.now);
    users.fill({ sessionId: "b", userId: "1" }, ann, time.now);
    users.get({ sessionId: "a", userId: "1" });
    users.fill({ sessionId: "c", userId: "1" }, ann, time.now);
    expect(users.size).toBe(2);
    expect(users.get({ sessionId: "b", userId: "1" })).toBeUndefined();
    expect(users.get({ sessionId: "a", userId: "1" })).toEqual(ann);
    expect(users.get({ sessionId: "c", userId: "1" })).toEqual(ann);
  });
});
