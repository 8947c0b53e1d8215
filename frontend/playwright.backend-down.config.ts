import { nextServer, offsetPorts, separateRun, server } from "./playwright.config";

/**
 * The pages with the backend hung (e2e/backend-down.spec.ts): API_URL points at e2e/hung-backend.mjs, which takes
 * every request and never answers. Ports: E2E_*_PORT + 30.
 */
const { backend, frontend, baseURL } = offsetPorts(30);
process.env.E2E_HUNG_BACKEND_URL = `http://localhost:${backend}`;

export default separateRun("backend-down.spec.ts", baseURL, [
  server("node e2e/hung-backend.mjs", `http://localhost:${backend}/__e2e/requests`, {
    E2E_BACKEND_PORT: String(backend),
  }),
  // Plain cookie names, so the spec can plant a session (CDP refuses Secure cookies for http URLs).
  nextServer(frontend, backend, { COOKIE_SECURE: "false" }),
]);
