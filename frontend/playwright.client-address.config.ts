import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";
import base, { serverStartTimeout } from "./playwright.config";

/**
 * The client address in two deployment shapes (e2e/client-address.spec.ts), each with its own Django holding the
 * production login limit (10/minute, one worker so the count is exact) and trusting the Next.js server:
 * "direct", browsers talking to `next start` (TRUSTED_PROXY_HOPS=0), and "appending proxy", browsers behind
 * e2e/appending-proxy.mjs, a load balancer that appends to X-Forwarded-For (TRUSTED_PROXY_HOPS=1).
 * Ports follow E2E_BACKEND_PORT and E2E_FRONTEND_PORT (+10 and up), so parallel runs on other ports do not meet.
 */
const backendBase = Number(process.env.E2E_BACKEND_PORT ?? 8100) + 10;
const frontendBase = Number(process.env.E2E_FRONTEND_PORT ?? 3100) + 10;

export const ports = {
  directBackend: backendBase,
  proxiedBackend: backendBase + 1,
  direct: frontendBase,
  proxiedNext: frontendBase + 1,
  appendingProxy: frontendBase + 2,
};

function backend(port: number, name: string, frontendPort: number) {
  return {
    command: "bash ../scripts/e2e-backend.sh",
    url: `http://localhost:${port}/api/health/`,
    env: {
      E2E_BACKEND_PORT: String(port),
      E2E_STATE_DIR: fileURLToPath(new URL(`../.e2e/client-address-${name}`, import.meta.url)),
      E2E_FRONTEND_URL: `http://localhost:${frontendPort}`,
      E2E_THROTTLE_RATE_LOGIN: "10/min",
      E2E_BACKEND_WORKERS: "1",
      E2E_ACCESS_TOKEN_LIFETIME: "300",
      DJANGO_TRUSTED_PROXIES: "127.0.0.1,::1",
      // No social sign-in here (no OpenID Provider harness), even when the shell sets E2E_OIDC_PORT.
      E2E_OIDC_PORT: "",
    },
    reuseExistingServer: false,
    timeout: serverStartTimeout,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
  };
}

function nextStart(port: number, apiPort: number, trustedProxyHops: number) {
  return {
    command: `node node_modules/next/dist/bin/next start -p ${port}`,
    url: `http://localhost:${port}/login`,
    env: {
      API_URL: `http://localhost:${apiPort}`,
      TRUSTED_PROXY_HOPS: String(trustedProxyHops),
      NEXT_TELEMETRY_DISABLED: "1",
    },
    reuseExistingServer: false,
    timeout: serverStartTimeout,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
  };
}

export default defineConfig({
  ...base,
  testDir: "./e2e",
  testMatch: "client-address.spec.ts",
  testIgnore: [],
  use: { ...base.use, baseURL: undefined },
  webServer: [
    backend(ports.directBackend, "direct", ports.direct),
    backend(ports.proxiedBackend, "proxied", ports.appendingProxy),
    nextStart(ports.direct, ports.directBackend, 0),
    nextStart(ports.proxiedNext, ports.proxiedBackend, 1),
    {
      command: `node e2e/appending-proxy.mjs ${ports.appendingProxy} ${ports.proxiedNext}`,
      url: `http://localhost:${ports.appendingProxy}/login`,
      reuseExistingServer: false,
      timeout: serverStartTimeout,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
