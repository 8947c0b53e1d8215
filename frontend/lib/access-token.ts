import { errors, type JWTVerifyGetKey, jwtVerify } from "jose";

/**
 * What proxy.ts can tell about an access token without asking Django:
 * - `valid`: signed by one of the API's keys, for us, not expired;
 * - `expired`: genuine but past its `exp`, so a refresh is due;
 * - `invalid`: forged, tampered with, or meant for another audience or issuer: treated as no token at all;
 * - `unverifiable`: the key set could not be loaded, so only the optimistic expiry check is left.
 */
export type AccessTokenVerdict = "valid" | "expired" | "invalid" | "unverifiable";

export type AccessTokenVerifierOptions = {
  audience: string;
  issuer: string;
  /** How many verified tokens are remembered at most (the oldest go first); default 10,000. */
  rememberedMax?: number;
};

/**
 * A token that verified is remembered, by its exact text, for at most this long and never past its `exp`: the
 * proxy and the page both verify the same token on every signed-in view, and one jose ES256 verification took
 * about 0.26 ms here (3,000 in a loop, with other work running). Django remembers verified tokens the same way.
 * It opens no new window: jose keeps a fetched key set for 10 minutes, so a token signed by a key retired
 * meanwhile verifies that long anyway. Only "valid" is remembered.
 */
export const REMEMBERED_MS = 60_000;

// Errors that say something about the token itself. Anything else (timeouts, network errors, a broken key set)
// says something about the key set's availability instead.
const TOKEN_ERRORS = [
  errors.JWSSignatureVerificationFailed,
  errors.JWSInvalid,
  errors.JWTInvalid,
  errors.JWTClaimValidationFailed,
  errors.JOSEAlgNotAllowed,
  errors.JOSENotSupported,
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
] as const;

export function createAccessTokenVerifier(
  keys: JWTVerifyGetKey,
  { audience, issuer, rememberedMax = 10_000 }: AccessTokenVerifierOptions,
) {
  // token -> the time (ms since the epoch) until which it may be answered "valid" without verifying it again.
  const remembered = new Map<string, number>();

  return async function verifyAccessToken(token: string): Promise<AccessTokenVerdict> {
    const until = remembered.get(token);
    if (until !== undefined) {
      if (Date.now() < until) return "valid";
      remembered.delete(token);
    }
    try {
      const { payload } = await jwtVerify(token, keys, { algorithms: ["ES256"], audience, issuer });
      // jose's own rule: a token is expired once the current second reaches `exp`.
      const expiresAt = typeof payload.exp === "number" ? payload.exp * 1000 : 0;
      if (remembered.size >= rememberedMax) {
        const oldest = remembered.keys().next();
        if (!oldest.done) remembered.delete(oldest.value);
      }
      remembered.set(token, Math.min(expiresAt, Date.now() + REMEMBERED_MS));
      return "valid";
    } catch (error) {
      // JWTExpired extends JWTClaimValidationFailed, so it is checked first.
      if (error instanceof errors.JWTExpired) return "expired";
      if (TOKEN_ERRORS.some((kind) => error instanceof kind)) return "invalid";
      return "unverifiable";
    }
  };
}
