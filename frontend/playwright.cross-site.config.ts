import { djangoServer, nextServer, offsetPorts, separateRun, stateDir } from "./playwright.config";

/**
 * Links and forms from another site (e2e/cross-site-live.spec.ts) while the access token is live: access tokens live
 * 5 minutes here, where the main run's 3 seconds would let one expire mid-test. Ports: E2E_*_PORT + 40.
 */
const { backend, frontend, baseURL } = offsetPorts(40);

export default separateRun("cross-site-live.spec.ts", baseURL, [
  djangoServer(backend, {
    E2E_FRONTEND_PORT: String(frontend),
    E2E_STATE_DIR: stateDir("cross-site"),
    E2E_ACCESS_TOKEN_LIFETIME: "300",
  }),
  nextServer(frontend, backend),
]);
