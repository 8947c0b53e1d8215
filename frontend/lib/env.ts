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
} as const;
