import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JWTPayload,
  type JWTVerifyGetKey,
  SignJWT,
} from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccessTokenVerifier } from "./access-token";

const options = { audience: "latchkey-api", issuer: "latchkey" };
let privateKey: CryptoKey;
let verify: ReturnType<typeof createAccessTokenVerifier>;

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
  verify = createAccessTokenVerifier(createLocalJWKSet({ keys: [jwk] }), options);
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
