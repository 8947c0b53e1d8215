import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";
import base, { serverStartTimeout } from "./playwright.config";

/**
 * Links and forms from another site (e2e/cross-site-live.spec.ts) while the access token is live: access tokens live
 * 5 minutes here, where the main run's 3 seconds would let one expire mid-test. Ports: E2E_*_PORT + 40.
 */
const backendPort = Number(process.env.E2E_BACKEND_PORT ?? 8100) + 40;
const frontendPort = Number(process.env.E2E_FRONTEND_PORT ?? 3100) + 40;
const baseURL = `http://localhost:${frontendPort}`;

export default defineConfig({
  ...base,
  testDir: "./e2e",
  testMatch: "cross-site-live.spec.ts",
  testIgnore: [],
  use: { ...base.use, baseURL },
  webServer: [
    {
      command: "bash ../scripts/e2e-backend.sh",
      url: `http://localhost:${backendPort}/api/health/`,
      env: {
        E2E_BACKEND_PORT: String(backendPort),
        E2E_FRONTEND_PORT: String(frontendPort),
        E2E_STATE_DIR: fileURLToPath(new URL("../.e2e/cross-site", import.meta.url)),
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
