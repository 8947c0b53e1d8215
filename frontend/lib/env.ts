import "server-only";
import { z } from "zod";

const booleanString = z.enum(["true", "false"]).transform((value) => value === "true");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  API_URL: z.url().default("http://localhost:8000"),
  COOKIE_SECURE: booleanString.optional(),
  API_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  // Claims proxy.ts expects in the access token it verifies locally against the API's JWKS.
  JWT_AUDIENCE: z.string().min(1).default("latchkey-api"),
  JWT_ISSUER: z.string().min(1).default("latchkey"),
  // Proxies in front of this server that each append the address they saw to X-Forwarded-For (0: clients
  // connect straight to it). See README.md › Abuse protection › Client address.
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // The backend's Redis, key prefix, access-token lifetime and push switch, read under the backend's names: with
  // them, signed-in pages learn revocations from Django's push channel instead of asking Django on every render
  // (lib/revocation-feed.server.ts). Without REDIS_URL, every render asks Django.
  REDIS_URL: z.union([z.literal(""), z.url({ protocol: /^rediss?$/ })]).default(""),
  CACHE_KEY_PREFIX: z.string().default("latchkey"),
  JWT_ACCESS_TOKEN_LIFETIME: z.coerce.number().int().positive().default(300),
  SESSION_REVOCATION_PUSH: booleanString.default(true),
});

const parsed = envSchema.safeParse(process.env);
if (!parsed.success) {
  throw new Error(`Invalid environment: ${z.prettifyError(parsed.error)}`);
}

export const env = {
  apiUrl: parsed.data.API_URL.replace(/\/+$/, ""),
  apiTimeoutMs: parsed.data.API_TIMEOUT_MS,
  cookieSecure: parsed.data.COOKIE_SECURE ?? parsed.data.NODE_ENV === "production",
  isDevelopment: parsed.data.NODE_ENV === "development",
  jwtAudience: parsed.data.JWT_AUDIENCE,
  jwtIssuer: parsed.data.JWT_ISSUER,
  trustedProxyHops: parsed.data.TRUSTED_PROXY_HOPS,
  redisUrl: parsed.data.REDIS_URL,
  cacheKeyPrefix: parsed.data.CACHE_KEY_PREFIX,
  accessTokenLifetimeSeconds: parsed.data.JWT_ACCESS_TOKEN_LIFETIME,
  sessionRevocationPush: parsed.data.SESSION_REVOCATION_PUSH,
} as const;
