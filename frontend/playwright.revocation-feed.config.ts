import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";
import base, { serverStartTimeout } from "./playwright.config";

/**
 * Signed-in pages decided from Django's revocation push (e2e/revocation-feed.spec.ts): Django and Next.js share a
 * Redis of this run's own (a shared one may be flushed by other tests: the sentinel would vanish and nothing would
 * be trusted), and Django's access log goes to a file the spec reads to count the calls Next.js makes. Access tokens
 * live 5 minutes, so no refresh happens mid-test. Ports: E2E_*_PORT + 50, Redis E2E_BACKEND_PORT + 51.
 */
const backendPort = Number(process.env.E2E_BACKEND_PORT ?? 8100) + 50;
const frontendPort = Number(process.env.E2E_FRONTEND_PORT ?? 3100) + 50;
const baseURL = `http://localhost:${frontendPort}`;
const redisPort = backendPort + 1;
const redisUrl = `redis://127.0.0.1:${redisPort}/0`;
const keyPrefix = `e2e-feed-${backendPort}`;
const accessLog = fileURLToPath(new URL(`../.e2e/revocation-feed/access.log`, import.meta.url));
process.env.E2E_REVOCATION_FEED_ACCESS_LOG = accessLog;
process.env.E2E_REVOCATION_FEED_API_URL = `http://localhost:${backendPort}`;

export default defineConfig({
  ...base,
  testDir: "./e2e",
  testMatch: "revocation-feed.spec.ts",
  testIgnore: [],
  // One test at a time: the spec counts every GET /api/auth/me/ in Django's access log, which cannot tell whose
  // call it was, so a test running alongside (a rename, a revoked session) would be counted as this one's.
  fullyParallel: false,
  workers: 1,
  use: { ...base.use, baseURL },
  webServer: [
    {
      command: `redis-server --bind 127.0.0.1 --port ${redisPort} --save "" --appendonly no`,
      port: redisPort,
      reuseExistingServer: false,
      timeout: serverStartTimeout,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: `rm -f "${accessLog}" && bash ../scripts/e2e-backend.sh`,
      url: `http://localhost:${backendPort}/api/health/`,
      env: {
        E2E_BACKEND_PORT: String(backendPort),
        E2E_FRONTEND_PORT: String(frontendPort),
        E2E_STATE_DIR: fileURLToPath(new URL("../.e2e/revocation-feed", import.meta.url)),
        E2E_ACCESS_TOKEN_LIFETIME: "300",
        E2E_REDIS_URL: redisUrl,
        E2E_CACHE_KEY_PREFIX: keyPrefix,
        E2E_ACCESS_LOG: accessLog,
        E2E_OIDC_PORT: "",
      },
      reuseExistingServer: false,
      timeout: serverStartTimeout,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: `node node_modules/next/dist/bin/next start -p ${frontendPort}`,
      url: baseURL,
      env: {
        API_URL: `http://localhost:${backendPort}`,
        NEXT_TELEMETRY_DISABLED: "1",
        REDIS_URL: redisUrl,
        CACHE_KEY_PREFIX: keyPrefix,
        JWT_ACCESS_TOKEN_LIFETIME: "300",
      },
      reuseExistingServer: false,
      timeout: serverStartTimeout,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
