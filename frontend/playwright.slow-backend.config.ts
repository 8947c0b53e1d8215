import { djangoServer, nextServer, offsetPorts, separateRun, stateDir } from "./playwright.config";

/**
 * A sign-in the user saw fail leaves no session (e2e/slow-backend.spec.ts). Django runs behind a test-only WSGI
 * wrapper (scripts/e2e_slow_wsgi.py) that holds sign-ins from a marked browser for 12 seconds, and Next.js waits
 * 3 seconds for the API (API_TIMEOUT_MS), so the user is told it failed long before Django gets to the request.
 * Ports: E2E_*_PORT + 30.
 */
const { backend, frontend, baseURL } = offsetPorts(30);
const state = stateDir("slow-backend");
export const SLOW_MARKER = "latchkey-e2e-slow";
export const SLOW_LOG = `${state}/slow-requests.log`;
export const API_TIMEOUT_MS = 3_000;
// Well past API_TIMEOUT_MS, so that even on a loaded machine the user is told before Django answers.
export const SLOW_SECONDS = 12;

export default separateRun(
  "slow-backend.spec.ts",
  baseURL,
  [
    djangoServer(backend, {
      E2E_FRONTEND_PORT: String(frontend),
      E2E_STATE_DIR: state,
      E2E_WSGI_APP: "e2e_slow_wsgi:application",
      E2E_SLOW_MARKER: SLOW_MARKER,
      E2E_SLOW_SECONDS: String(SLOW_SECONDS),
      E2E_SLOW_LOG: SLOW_LOG,
    }),
    nextServer(frontend, backend, { API_TIMEOUT_MS: String(API_TIMEOUT_MS) }),
  ],
  {
    // One test at a time: each holds a Django worker for SLOW_SECONDS, and the other's ordinary sign-up, meeting a
    // cold and loaded server, once took past API_TIMEOUT_MS and failed as "took too long" (2026-12-02).
    workers: 1,
  },
);
