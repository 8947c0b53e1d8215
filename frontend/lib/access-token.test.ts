import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JWTPayload,
  type JWTVerifyGetKey,
  SignJWT,
} from "jose";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createAccessTokenVerifier, REMEMBERED_MS } from "./access-token";

const options = { audience: "latchkey-api", issuer: "latchkey" };
let privateKey: CryptoKey;
let verify: ReturnType<typeof createAccessTokenVerifier>;
let publishedKeys: JWTVerifyGetKey;

async function token(
  claims: JWTPayload = {},
  key: CryptoKey = privateKey,
  expiresIn: string | number = "5m",
) {
  return new SignJWT({ user_id: 1, aud: options.audience, iss: options.issuer, ...claims })
    .setProtectedHeader({ alg: "ES256", kid: "test-key" })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key);
}

beforeAll(async () => {
  const pair = await generateKeyPair("ES256");
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "test-key", alg: "ES256", use: "sig" };
  publishedKeys = createLocalJWKSet({ keys: [jwk] });
  verify = createAccessTokenVerifier(publishedKeys, options);
});

describe("createAccessTokenVerifier", () => {
  it("accepts a token signed by a published key for our audience and issuer", async () => {
    expect(await verify(await token())).toBe("valid");
  });

  it("rejects a token whose payload was tampered with", async () => {
    const [header, , signature] = (await token()).split(".");
    const forged = Buffer.from(
      JSON.stringify({ user_id: 2, aud: "latchkey-api", iss: "latchkey" }),
    );
    expect(await verify(`${header}.${forged.toString("base64url")}.${signature}`)).toBe("invalid");
  });

  it("rejects a token signed by a key that is not published", async () => {
    const stranger = await generateKeyPair("ES256");
    expect(await verify(await token({}, stranger.privateKey))).toBe("invalid");
  });

  it("rejects a token meant for another audience or issuer", async () => {
    expect(await verify(await token({ aud: "someone-else" }))).toBe("invalid");
    expect(await verify(await token({ iss: "someone-else" }))).toBe("invalid");
  });

  it("rejects an unsigned or HMAC token", async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const body = encode({ ...options, aud: options.audience, exp: 9_999_999_999 });
    expect(await verify(`${encode({ alg: "none" })}.${body}.`)).toBe("invalid");
    expect(await verify(`${encode({ alg: "HS256" })}.${body}.c2ln`)).toBe("invalid");
  });

  it("reports an expired but genuine token as expired", async () => {
    const past = Math.floor(Date.now() / 1000) - 60;
    expect(await verify(await token({}, privateKey, past))).toBe("expired");
  });

  it("reports the key set being unreachable as unverifiable, not as a bad token", async () => {
    const unreachable: JWTVerifyGetKey = async () => {
      throw new TypeError("fetch failed");
    };
    const offline = createAccessTokenVerifier(unreachable, options);
    expect(await offline(await token())).toBe("unverifiable");
  });
});

describe("createAccessTokenVerifier remembers what verified", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A verifier over the published keys, and how many times it has looked a key up (once per verification). */
  function counting(rememberedMax?: number) {
    const counter = { lookups: 0 };
    const keys: JWTVerifyGetKey = (header, token) => {
      counter.lookups += 1;
      return publishedKeys(header, token);
    };
    return { counter, check: createAccessTokenVerifier(keys, { ...options, rememberedMax }) };
  }

  const distinct = () => token({ jti: crypto.randomUUID() });

  it("verifies a token once, then answers from memory", async () => {
    const { counter, check } = counting();
    const access = await distinct();
    expect([await check(access), await check(access), await check(access)]).toEqual([
      "valid",
      "valid",
      "valid",
    ]);
    expect(counter.lookups).toBe(1);
  });

  it("answers expired from the second its exp is reached, as jose does", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Math.ceil(Date.now() / 1000) * 1000;
    vi.setSystemTime(start);
    const { counter, check } = counting();
    const access = await token({}, privateKey, start / 1000 + 5);
    expect(await check(access)).toBe("valid");
    vi.setSystemTime(start + 4_999);
    expect(await check(access)).toBe("valid");
    expect(counter.lookups).toBe(1);
    vi.setSystemTime(start + 5_000);
    expect(await check(access)).toBe("expired");
    expect(await check(access)).toBe("expired");
  });

  it(`verifies again after ${REMEMBERED_MS} ms, however long the token lives`, async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.now();
    const { counter, check } = counting();
    const access = await token({}, privateKey, "1h");
    await check(access);
    vi.setSystemTime(start + REMEMBERED_MS - 1);
    await check(access);
    expect(counter.lookups).toBe(1);
    vi.setSystemTime(start + REMEMBERED_MS);
    expect(await check(access)).toBe("valid");
    expect(counter.lookups).toBe(2);
  });

  it("never answers from memory for a token that did not verify, or differs by one character", async () => {
    const { counter, check } = counting();
    const access = await distinct();
    await check(access);
    const cut = access.lastIndexOf(".") + 1;
    const flipped = access[cut] === "A" ? "B" : "A";
    const forged = `${access.slice(0, cut)}${flipped}${access.slice(cut + 1)}`;
    const other = await token({ aud: "someone-else" });
    for (const bad of [forged, forged, other, other]) {
      expect(await check(bad)).toBe("invalid");
    }
    expect(counter.lookups).toBe(5); // each attempt was verified again
    for (const bad of [`${access}.`, ` ${access}`, access.slice(0, -1)]) {
      expect(await check(bad)).toBe("invalid");
    }
  });

  it("does not remember an answer given while the key set was unreachable", async () => {
    let reachable = false;
    let lookups = 0;
    const flaky: JWTVerifyGetKey = (header, jws) => {
      lookups += 1;
      if (!reachable) throw new TypeError("fetch failed");
      return publishedKeys(header, jws);
    };
    const check = createAccessTokenVerifier(flaky, options);
    const access = await distinct();
    expect(await check(access)).toBe("unverifiable");
    expect(await check(access)).toBe("unverifiable");
    reachable = true;
    expect(await check(access)).toBe("valid");
    expect(lookups).toBe(3);
  });

  it("remembers at most rememberedMax tokens, forgetting the oldest first", async () => {
    const { counter, check } = counting(2);
    const [first, second, third] = [await distinct(), await distinct(), await distinct()];
    for (const access of [first, second, third]) await check(access);
    expect(counter.lookups).toBe(3);
    await check(third);
    await check(second);
    expect(counter.lookups).toBe(3);
    expect(await check(first)).toBe("valid");
    expect(counter.lookups).toBe(4);
  });
});
