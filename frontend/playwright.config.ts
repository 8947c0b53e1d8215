import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, devices, type PlaywrightTestConfig } from "@playwright/test";

const { backend: backendPort, frontend: frontendPort, baseURL } = offsetPorts(0);
/** The OpenID Provider harness (e2e/oidc-provider/server.mjs) that social sign-in ("Corp SSO") runs against. */
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? 8300);
/** How long a server may take to come up (migrations, collectstatic, next start); raise it on a busy machine. */
export const serverStartTimeout = Number(process.env.E2E_SERVER_TIMEOUT_MS ?? 120_000);

type WebServer = Exclude<NonNullable<PlaywrightTestConfig["webServer"]>, unknown[]>;
type Env = Record<string, string>;

/**
 * A server this run starts, waits for (`ready`: a URL that answers, or a port that accepts), and stops after it;
 * only its errors are shown.
 */
export function server(command: string, ready: string | number, env?: Env): WebServer {
  return {
    command,
    ...(typeof ready === "number" ? { port: ready } : { url: ready }),
    ...(env ? { env } : {}),
    reuseExistingServer: false,
    timeout: serverStartTimeout,
    stdout: "ignore",
    stderr: "pipe",
  };
}

/**
 * Django as scripts/e2e-backend.sh runs it (fresh SQLite database, mail to files) on `port`; `env` sets its E2E_*
 * knobs. Without an OpenID Provider harness unless `env` names one, even when the shell sets E2E_OIDC_PORT.
 */
export function djangoServer(
  port: number,
  env: Env = {},
  command = "bash ../scripts/e2e-backend.sh",
): WebServer {
  return server(command, `http://localhost:${port}/api/health/`, {
    E2E_BACKEND_PORT: String(port),
    E2E_OIDC_PORT: "",
    ...env,
  });
}

/** The production build (made by `npm run e2e`) on `port`, talking to the API at `apiPort`. */
export function nextServer(port: number, apiPort: number, env: Env = {}, path = ""): WebServer {
  return server(
    `node node_modules/next/dist/bin/next start -p ${port}`,
    `http://localhost:${port}${path}`,
    { API_URL: `http://localhost:${apiPort}`, NEXT_TELEMETRY_DISABLED: "1", ...env },
  );
}

/**
 * The ports of a run with servers of its own, E2E_*_PORT + `offset` (the main run's + 0), so runs on other ports
 * never meet: every config names its offset.
 */
export function offsetPorts(offset: number) {
  const backend = Number(process.env.E2E_BACKEND_PORT ?? 8100) + offset;
  const frontend = Number(process.env.E2E_FRONTEND_PORT ?? 3100) + offset;
  return { backend, frontend, baseURL: `http://localhost:${frontend}` };
}

/** A folder of .e2e/ (state, mail, logs) for a run. */
export function stateDir(name: string): string {
  return fileURLToPath(new URL(`../.e2e/${name}`, import.meta.url));
}

/**
 * e2e/oidc-provider/e2e-config.json registers its redirect URIs for the default origin (http://localhost:3100);
 * the harness gets a copy for the origin of this run, since an OpenID Provider matches redirect URIs exactly.
 */
function oidcHarnessConfig(): string {
  const source = fileURLToPath(new URL("./e2e/oidc-provider/e2e-config.json", import.meta.url));
  const harness = JSON.parse(readFileSync(source, "utf8")) as {
    clients: { redirect_uris: string[] }[];
  };
  for (const client of harness.clients) {
    client.redirect_uris = client.redirect_uris.map((uri) =>
      uri.replace("http://localhost:3100/", `${baseURL}/`),
    );
  }
  const target = fileURLToPath(
    new URL(`../.e2e/oidc-provider-${frontendPort}.json`, import.meta.url),
  );
  const text = `${JSON.stringify(harness, null, 2)}\n`;
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

const config = defineConfig({
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
    // Started first (the servers start in this order): Django reads its discovery document lazily, but a
    // provider that is already up costs nothing.
    server(
      `node e2e/oidc-provider/server.mjs --port ${oidcPort} --config "${oidcHarnessConfig()}"`,
      `http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`,
    ),
    // Fresh SQLite database, 3-second access tokens, relaxed rate limits, mail written to E2E_MAIL_DIR.
    djangoServer(backendPort, {
      E2E_FRONTEND_PORT: String(frontendPort),
      // Social sign-in with "Corp SSO", the harness above (scripts/e2e-backend.sh).
      E2E_OIDC_PORT: String(oidcPort),
      ...(process.env.E2E_MAIL_DIR ? { E2E_MAIL_DIR: process.env.E2E_MAIL_DIR } : {}),
    }),
    nextServer(frontendPort, backendPort, {
      // Lets e2e/pseudo-locale.spec.ts choose en-XA (i18n/config.ts).
      I18N_PSEUDO_LOCALE: "true",
      ...(process.env.COOKIE_SECURE ? { COOKIE_SECURE: process.env.COOKIE_SECURE } : {}),
    }),
  ],
});

export default config;

/**
 * A run of one spec against servers of its own (`webServer`), pages opened at `baseURL`: the main run's settings
 * otherwise, with `overrides` on top.
 */
export function separateRun(
  testMatch: string,
  baseURL: string | undefined,
  webServer: WebServer[],
  overrides: PlaywrightTestConfig = {},
) {
  return defineConfig({
    ...config,
    testDir: "./e2e",
    testMatch,
    testIgnore: [],
    use: { ...config.use, baseURL },
    webServer,
    ...overrides,
  });
}
