import { djangoServer, nextServer, offsetPorts, separateRun, stateDir } from "./playwright.config";

/**
 * Expired emailed links (e2e/stale-link.spec.ts) against a backend whose reset and email-change links live 8 seconds,
 * so a test can wait for one to expire (polling the API, which says `expired_key`) instead of for 10 minutes. Long
 * enough for the new link to be followed in time on a busy machine. Its own mail folder. Ports: E2E_*_PORT + 60.
 */
const { backend, frontend, baseURL } = offsetPorts(60);
const state = stateDir("stale-link");
const LINK_TIMEOUT = "8";
process.env.E2E_STALE_LINK_BACKEND_PORT = String(backend);
process.env.E2E_LINK_TIMEOUT = LINK_TIMEOUT;
// Read by e2e/mail.ts in the workers, which inherit this process's environment.
process.env.E2E_MAIL_DIR = `${state}/mail`;

export default separateRun("stale-link.spec.ts", baseURL, [
  djangoServer(backend, {
    E2E_FRONTEND_PORT: String(frontend),
    E2E_STATE_DIR: state,
    E2E_MAIL_DIR: `${state}/mail`,
    E2E_PASSWORD_RESET_TIMEOUT: LINK_TIMEOUT,
    E2E_EMAIL_CHANGE_TIMEOUT: LINK_TIMEOUT,
  }),
  nextServer(frontend, backend),
]);
