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
};

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
  { audience, issuer }: AccessTokenVerifierOptions,
) {
  return async function verifyAccessToken(token: string): Promise<AccessTokenVerdict> {
    try {
      await jwtVerify(token, keys, { algorithms: ["ES256"], audience, issuer });
      return "valid";
    } catch (error) {
      // JWTExpired extends JWTClaimValidationFailed, so it is checked first.
      if (error instanceof errors.JWTExpired) return "expired";
      if (TOKEN_ERRORS.some((kind) => error instanceof kind)) return "invalid";
      return "unverifiable";
    }
  };
}
