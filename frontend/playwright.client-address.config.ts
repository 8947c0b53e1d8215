import {
  djangoServer,
  nextServer,
  offsetPorts,
  separateRun,
  server,
  stateDir,
} from "./playwright.config";

/**
 * The client address in two deployment shapes (e2e/client-address.spec.ts), each with its own Django holding the
 * production login limit (10/minute, one worker so the count is exact) and trusting the Next.js server:
 * "direct", browsers talking to `next start` (TRUSTED_PROXY_HOPS=0), and "appending proxy", browsers behind
 * e2e/appending-proxy.mjs, a load balancer that appends to X-Forwarded-For (TRUSTED_PROXY_HOPS=1).
 * Ports follow E2E_BACKEND_PORT and E2E_FRONTEND_PORT (+10 and up), so parallel runs on other ports do not meet.
 */
const { backend: backendBase, frontend: frontendBase } = offsetPorts(10);

export const ports = {
  directBackend: backendBase,
  proxiedBackend: backendBase + 1,
  direct: frontendBase,
  proxiedNext: frontendBase + 1,
  appendingProxy: frontendBase + 2,
};

function backend(port: number, name: string, frontendPort: number) {
  return djangoServer(port, {
    E2E_STATE_DIR: stateDir(`client-address-${name}`),
    E2E_FRONTEND_URL: `http://localhost:${frontendPort}`,
    E2E_THROTTLE_RATE_LOGIN: "10/min",
    E2E_BACKEND_WORKERS: "1",
    E2E_ACCESS_TOKEN_LIFETIME: "300",
    DJANGO_TRUSTED_PROXIES: "127.0.0.1,::1",
  });
}

function nextStart(port: number, apiPort: number, trustedProxyHops: number) {
  return nextServer(port, apiPort, { TRUSTED_PROXY_HOPS: String(trustedProxyHops) }, "/login");
}

export default separateRun("client-address.spec.ts", undefined, [
  backend(ports.directBackend, "direct", ports.direct),
  backend(ports.proxiedBackend, "proxied", ports.appendingProxy),
  nextStart(ports.direct, ports.directBackend, 0),
  nextStart(ports.proxiedNext, ports.proxiedBackend, 1),
  server(
    `node e2e/appending-proxy.mjs ${ports.appendingProxy} ${ports.proxiedNext}`,
    `http://localhost:${ports.appendingProxy}/login`,
  ),
]);
