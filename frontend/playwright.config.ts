import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, devices } from "@playwright/test";

const backendPort = Number(process.env.E2E_BACKEND_PORT ?? 8100);
const frontendPort = Number(process.env.E2E_FRONTEND_PORT ?? 3100);
/** The OpenID Provider harness (e2e/oidc-provider/server.mjs) that social sign-in ("Corp SSO") runs against. */
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? 8300);
const baseURL = `http://localhost:${frontendPort}`;
/** How long a server may take to come up (migrations, collectstatic, next start); raise it on a busy machine. */
export const serverStartTimeout = Number(process.env.E2E_SERVER_TIMEOUT_MS ?? 120_000);

/**
 * e2e/oidc-provider/e2e-config.json registers its redirect URIs for the default origin (http://localhost:3100);
 * the harness gets a copy for the origin of this run, since an OpenID Provider matches redirect URIs exactly.
 */
function oidcHarnessConfig(): string {
  const source = fileURLToPath(new URL("./e2e/oidc-provider/e2e-config.json", import.meta.url));
  const config = JSON.parse(readFileSync(source, "utf8")) as {
    clients: { redirect_uris: string[] }[];
  };
  for (const client of config.clients) {
    client.redirect_uris = client.redirect_uris.map((uri) =>
      uri.replace("http://localhost:3100/", `${baseURL}/`),
    );
  }
  const target = fileURLToPath(
    new URL(`../.e2e/oidc-provider-${frontendPort}.json`, import.meta.url),
  );
  const text = `${JSON.stringify(config, null, 2)}\n`;
  // This file is evaluated again in every worker: write only when the content changes.
  let current: string | null = null;
  try {
    current = readFileSync(target, "utf8");
  } catch {}
  if (current !== text) {
    mkdirSync(fileURLToPath(new URL("../.e2e/", import.meta.url)), { recursive: true });
    writeFileSync(target, text);
  }
  return target;
}

export default defineConfig({
  testDir: "./e2e",
  // Run with their own servers: playwright.client-address.config.ts, playwright.step-up.config.ts,
  // playwright.slow-backend.config.ts, playwright.backend-down.config.ts, playwright.revocation-feed.config.ts,
  // playwright.cross-site.config.ts, playwright.stale-link.config.ts.
  testIgnore: [
    "cross-site-live.spec.ts",
    "client-address.spec.ts",
    "step-up.spec.ts",
    "stale-link.spec.ts",
    "slow-backend.spec.ts",
    "backend-down.spec.ts",
    "revocation-feed.spec.ts",
  ],
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
      // Started first (the servers start in this order): Django reads its discovery document lazily, but a
      // provider that is already up costs nothing.
      command: `node e2e/oidc-provider/server.mjs --port ${oidcPort} --config "${oidcHarnessConfig()}"`,
      url: `http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: serverStartTimeout,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // Fresh SQLite database, 3-second access tokens, relaxed rate limits, mail written to E2E_MAIL_DIR.
      command: "bash ../scripts/e2e-backend.sh",
      url: `http://localhost:${backendPort}/api/health/`,
      env: {
        E2E_BACKEND_PORT: String(backendPort),
        E2E_FRONTEND_PORT: String(frontendPort),
        // Social sign-in with "Corp SSO", the harness above (scripts/e2e-backend.sh).
        E2E_OIDC_PORT: String(oidcPort),
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
        // Lets e2e/pseudo-locale.spec.ts choose en-XA (i18n/config.ts).
        I18N_PSEUDO_LOCALE: "true",
        ...(process.env.COOKIE_SECURE ? { COOKIE_SECURE: process.env.COOKIE_SECURE } : {}),
      },
      reuseExistingServer: false,
      timeout: serverStartTimeout,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
