import {
  djangoServer,
  nextServer,
  offsetPorts,
  separateRun,
  server,
  stateDir,
} from "./playwright.config";

/**
 * Signed-in pages decided from Django's revocation push (e2e/revocation-feed.spec.ts): Django and Next.js share a
 * Redis of this run's own (a shared one may be flushed by other tests: the sentinel would vanish and nothing would
 * be trusted), and Django's access log goes to a file the spec reads to count the calls Next.js makes. Access tokens
 * live 5 minutes, so no refresh happens mid-test. Ports: E2E_*_PORT + 50, Redis E2E_BACKEND_PORT + 51.
 */
const { backend, frontend, baseURL } = offsetPorts(50);
const redisPort = backend + 1;
const redisUrl = `redis://127.0.0.1:${redisPort}/0`;
const keyPrefix = `e2e-feed-${backend}`;
const state = stateDir("revocation-feed");
const accessLog = `${state}/access.log`;
process.env.E2E_REVOCATION_FEED_ACCESS_LOG = accessLog;
process.env.E2E_REVOCATION_FEED_API_URL = `http://localhost:${backend}`;

export default separateRun(
  "revocation-feed.spec.ts",
  baseURL,
  [
    server(
      `redis-server --bind 127.0.0.1 --port ${redisPort} --save "" --appendonly no`,
      redisPort,
    ),
    djangoServer(
      backend,
      {
        E2E_FRONTEND_PORT: String(frontend),
        E2E_STATE_DIR: state,
        E2E_ACCESS_TOKEN_LIFETIME: "300",
        E2E_REDIS_URL: redisUrl,
        E2E_CACHE_KEY_PREFIX: keyPrefix,
        E2E_ACCESS_LOG: accessLog,
      },
      `rm -f "${accessLog}" && bash ../scripts/e2e-backend.sh`,
    ),
    nextServer(frontend, backend, {
      REDIS_URL: redisUrl,
      CACHE_KEY_PREFIX: keyPrefix,
      JWT_ACCESS_TOKEN_LIFETIME: "300",
    }),
  ],
  // One test at a time: the spec counts every GET /api/auth/me/ in Django's access log, which cannot tell whose
  // call it was, so a test running alongside (a rename, a revoked session) would be counted as this one's.
  { fullyParallel: false, workers: 1 },
);
