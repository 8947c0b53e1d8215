import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";
import base, { serverStartTimeout } from "./playwright.config";

/**
 * Expired emailed links (e2e/stale-link.spec.ts) against a backend whose reset and email-change links live 8 seconds,
 * so a test can wait for one to expire (polling the API, which says `expired_key`) instead of for 10 minutes. Long
 * enough for the new link to be followed in time on a busy machine. Its own mail folder. Ports: E2E_*_PORT + 60.
 */
const backendPort = Number(process.env.E2E_BACKEND_PORT ?? 8100) + 60;
const frontendPort = Number(process.env.E2E_FRONTEND_PORT ?? 3100) + 60;
const baseURL = `http://localhost:${frontendPort}`;
const state = fileURLToPath(new URL("../.e2e/stale-link", import.meta.url));
process.env.E2E_STALE_LINK_BACKEND_PORT = String(backendPort);
process.env.E2E_LINK_TIMEOUT = "8";
// Read by e2e/mail.ts in the workers, which inherit this process's environment.
process.env.E2E_MAIL_DIR = `${state}/mail`;

export default defineConfig({
  ...base,
  testDir: "./e2e",
  testMatch: "stale-link.spec.ts",
  testIgnore: [],
  use: { ...base.use, baseURL },
  webServer: [
    {
      command: "bash ../scripts/e2e-backend.sh",
      url: `http://localhost:${backendPort}/api/health/`,
      env: {
        E2E_BACKEND_PORT: String(backendPort),
        E2E_FRONTEND_PORT: String(frontendPort),
        E2E_STATE_DIR: state,
        E2E_MAIL_DIR: `${state}/mail`,
        E2E_PASSWORD_RESET_TIMEOUT: process.env.E2E_LINK_TIMEOUT,
        E2E_EMAIL_CHANGE_TIMEOUT: process.env.E2E_LINK_TIMEOUT,
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
