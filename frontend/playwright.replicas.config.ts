import { djangoServer, nextServer, offsetPorts, separateRun, stateDir } from "./playwright.config";

/**
 * Two Next.js replicas in front of one Django: e2e/superseded-pair.spec.ts again, with the page on the first replica
 * and its late requests sent to the second, which never saw the pair change. Only Django's answer to the old refresh
 * token (401 session_superseded) can then keep that replica from clearing the new pair. Ports: E2E_*_PORT + 70; the
 * second replica on the first one's port + 1.
 */
const { backend, frontend, baseURL } = offsetPorts(70);
const replica = frontend + 1;
process.env.E2E_LATE_REQUEST_ORIGIN = `http://localhost:${replica}`;

export default separateRun("superseded-pair.spec.ts", baseURL, [
  djangoServer(backend, {
    E2E_FRONTEND_PORT: String(frontend),
    E2E_STATE_DIR: stateDir("replicas"),
  }),
  nextServer(frontend, backend),
  nextServer(replica, backend),
]);
