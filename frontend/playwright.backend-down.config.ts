import { defineConfig } from "@playwright/test";
import base, { serverStartTimeout } from "./playwright.config";

/**
 * The pages with the backend hung (e2e/backend-down.spec.ts): API_URL points at e2e/hung-backend.mjs, which takes
 * every request and never answers. Ports: E2E_*_PORT + 30.
 */
const backendPort = Number(process.env.E2E_BACKEND_PORT ?? 8100) + 30;
const frontendPort = Number(process.env.E2E_FRONTEND_PORT ?? 3100) + 30;
const baseURL = `http://localhost:${frontendPort}`;
process.env.E2E_HUNG_BACKEND_URL = `http://localhost:${backendPort}`;

export default defineConfig({
  ...base,
  testDir: "./e2e",
  testMatch: "backend-down.spec.ts",
  testIgnore: [],
  use: { ...base.use, baseURL },
  webServer: [
    {
      command: "node e2e/hung-backend.mjs",
      url: `http://localhost:${backendPort}/__e2e/requests`,
      env: { E2E_BACKEND_PORT: String(backendPort) },
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
        // Plain cookie names, so the spec can plant a session (CDP refuses Secure cookies for http URLs).
        COOKIE_SECURE: "false",
        NEXT_TELEMETRY_DISABLED: "1",
      },
      reuseExistingServer: false,
      timeout: serverStartTimeout,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
