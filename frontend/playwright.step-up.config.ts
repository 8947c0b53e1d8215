import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";
import base, { serverStartTimeout } from "./playwright.config";

/**
 * The step-up dialog (e2e/step-up.spec.ts) against a backend whose re-authentication window is 3 seconds, so a test
 * can wait for it to pass (polling the API's `reauthenticated_until`) instead of for 10 minutes. Access tokens live
 * 5 minutes here so that polling reads them from the cookie as they are. Ports: E2E_*_PORT + 20.
 */
const backendPort = Number(process.env.E2E_BACKEND_PORT ?? 8100) + 20;
const frontendPort = Number(process.env.E2E_FRONTEND_PORT ?? 3100) + 20;
const baseURL = `http://localhost:${frontendPort}`;
process.env.E2E_STEP_UP_BACKEND_PORT = String(backendPort);

export default defineConfig({
  ...base,
  testDir: "./e2e",
  testMatch: "step-up.spec.ts",
  testIgnore: [],
  use: { ...base.use, baseURL },
  webServer: [
    {
      command: "bash ../scripts/e2e-backend.sh",
      url: `http://localhost:${backendPort}/api/health/`,
      env: {
        E2E_BACKEND_PORT: String(backendPort),
        E2E_FRONTEND_PORT: String(frontendPort),
        E2E_STATE_DIR: fileURLToPath(new URL("../.e2e/step-up", import.meta.url)),
        E2E_REAUTH_WINDOW: "3",
        E2E_ACCESS_TOKEN_LIFETIME: "300",
        // No social sign-in here (no OpenID Provider harness), even when the shell sets E2E_OIDC_PORT.
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
      env: { API_URL: `http://localhost:${backendPort}`, NEXT_TELEMETRY_DISABLED: "1" },
      reuseExistingServer: false,
      timeout: serverStartTimeout,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
