import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";
import base, { serverStartTimeout } from "./playwright.config";

/**
 * A sign-in the user saw fail leaves no session (e2e/slow-backend.spec.ts). Django runs behind a test-only WSGI
 * wrapper (scripts/e2e_slow_wsgi.py) that holds sign-ins from a marked browser for 12 seconds, and Next.js waits
 * 3 seconds for the API (API_TIMEOUT_MS), so the user is told it failed long before Django gets to the request.
 * Ports: E2E_*_PORT + 30.
 */
const backendPort = Number(process.env.E2E_BACKEND_PORT ?? 8100) + 30;
const frontendPort = Number(process.env.E2E_FRONTEND_PORT ?? 3100) + 30;
const baseURL = `http://localhost:${frontendPort}`;
const stateDir = fileURLToPath(new URL("../.e2e/slow-backend", import.meta.url));
export const SLOW_MARKER = "latchkey-e2e-slow";
export const SLOW_LOG = `${stateDir}/slow-requests.log`;
export const API_TIMEOUT_MS = 3_000;
// Well past API_TIMEOUT_MS, so that even on a loaded machine the user is told before Django answers.
export const SLOW_SECONDS = 12;

export default defineConfig({
  ...base,
  testDir: "./e2e",
  testMatch: "slow-backend.spec.ts",
  testIgnore: [],
  use: { ...base.use, baseURL },
  webServer: [
    {
      command: "bash ../scripts/e2e-backend.sh",
      url: `http://localhost:${backendPort}/api/health/`,
      env: {
        E2E_BACKEND_PORT: String(backendPort),
        E2E_FRONTEND_PORT: String(frontendPort),
        E2E_STATE_DIR: stateDir,
        E2E_WSGI_APP: "e2e_slow_wsgi:application",
        E2E_SLOW_MARKER: SLOW_MARKER,
        E2E_SLOW_SECONDS: String(SLOW_SECONDS),
        E2E_SLOW_LOG: SLOW_LOG,
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
        API_TIMEOUT_MS: String(API_TIMEOUT_MS),
        NEXT_TELEMETRY_DISABLED: "1",
      },
      reuseExistingServer: false,
      timeout: serverStartTimeout,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
