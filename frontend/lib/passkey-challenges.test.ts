import { describe, expect, it } from "vitest";
import {
  challengeOf,
  decodeChallenges,
  encodeChallenges,
  withChallenge,
} from "./passkey-challenges";

const entry = (n: number) => ({ challenge: `c${n}`, token: `t${n}` });

describe("pending passkey challenges", () => {
  it("round-trips through the cookie value", () => {
    const entries = [entry(1), entry(2)];
    expect(decodeChallenges(encodeChallenges(entries))).toEqual(entries);
  });

  it.each([null, "", "not base64 json", Buffer.from('{"a":1}').toString("base64url")])(
    "reads %j as none",
    (value) => {
      expect(decodeChallenges(value)).toEqual([]);
    },
  );

  it("drops malformed entries", () => {
    const value = Buffer.from(JSON.stringify([entry(1), { challenge: 3 }, null])).toString(
      "base64url",
    );
    expect(decodeChallenges(value)).toEqual([entry(1)]);
  });

  it("keeps the newest three", () => {
    let entries = [entry(1)];
    for (const n of [2, 3, 4]) entries = withChallenge(entries, entry(n));
    expect(entries).toEqual([entry(2), entry(3), entry(4)]);
  });

  it("reads the challenge out of clientDataJSON", () => {
    const clientData = Buffer.from(
      JSON.stringify({ type: "webauthn.get", challenge: "abc_-1", origin: "http://localhost" }),
    ).toString("base64url");
    expect(challengeOf(clientData)).toBe("abc_-1");
    expect(challengeOf("%%%")).toBeNull();
    expect(challengeOf(Buffer.from("{}").toString("base64url"))).toBeNull();
  });
});
