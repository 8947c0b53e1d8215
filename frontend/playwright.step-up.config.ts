import { djangoServer, nextServer, offsetPorts, separateRun, stateDir } from "./playwright.config";

/**
 * The step-up dialog (e2e/step-up.spec.ts) against a backend whose re-authentication window is 3 seconds, so a test
 * can wait for it to pass (polling the API's `reauthenticated_until`) instead of for 10 minutes. Access tokens live
 * 5 minutes here so that polling reads them from the cookie as they are. Ports: E2E_*_PORT + 20.
 */
const { backend, frontend, baseURL } = offsetPorts(20);
process.env.E2E_STEP_UP_BACKEND_PORT = String(backend);

export default separateRun("step-up.spec.ts", baseURL, [
  djangoServer(backend, {
    E2E_FRONTEND_PORT: String(frontend),
    E2E_STATE_DIR: stateDir("step-up"),
    E2E_REAUTH_WINDOW: "3",
    E2E_ACCESS_TOKEN_LIFETIME: "300",
  }),
  nextServer(frontend, backend),
]);
