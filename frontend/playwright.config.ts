import { defineConfig, devices } from "@playwright/test";

const backendPort = Number(process.env.E2E_BACKEND_PORT ?? 8100);
const frontendPort = Number(process.env.E2E_FRONTEND_PORT ?? 3100);
const baseURL = `http://localhost:${frontendPort}`;
/** How long a server may take to come up (migrations, collectstatic, next start); raise it on a busy machine. */
export const serverStartTimeout = Number(process.env.E2E_SERVER_TIMEOUT_MS ?? 120_000);

export default defineConfig({
  testDir: "./e2e",
  // Run with their own servers: playwright.client-address.config.ts, playwright.step-up.config.ts,
  // playwright.backend-down.config.ts.
  testIgnore: ["client-address.spec.ts", "step-up.spec.ts", "backend-down.spec.ts"],
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  // Flaky tests get fixed, not retried.
  retries: 0,
  workers: 2,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL,
    trace: "retain-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      // Fresh SQLite database, 3-second access tokens, relaxed rate limits, mail written to E2E_MAIL_DIR.
      command: "bash ../scripts/e2e-backend.sh",
      url: `http://localhost:${backendPort}/api/health/`,
      env: {
        E2E_BACKEND_PORT: String(backendPort),
        E2E_FRONTEND_PORT: String(frontendPort),
        ...(process.env.E2E_MAIL_DIR ? { E2E_MAIL_DIR: process.env.E2E_MAIL_DIR } : {}),
      },
      reuseExistingServer: false,
      timeout: serverStartTimeout,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // Runs the production build made by `npm run e2e` (next build) beforehand.
      command: `node node_modules/next/dist/bin/next start -p ${frontendPort}`,
      url: baseURL,
      env: {
        API_URL: `http://localhost:${backendPort}`,
        NEXT_TELEMETRY_DISABLED: "1",
        ...(process.env.COOKIE_SECURE ? { COOKIE_SECURE: process.env.COOKIE_SECURE } : {}),
      },
      reuseExistingServer: false,
      timeout: serverStartTimeout,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
