#!/usr/bin/env bash
# Runs the deployment audit (stress/audit/audit.py) against the e2e deployment: scripts/e2e-backend.sh (gunicorn,
# debug off, SQLite, a private Redis) and `next start` of the production build in frontend/.next (built here when missing), both on
# free loopback ports. The login limit is lowered to AUDIT_LOGIN_RATE (default 30/min) so the burst check meets a
# 429 and reset links live AUDIT_LINK_TIMEOUT seconds (default 3); everything else keeps the e2e settings. Both servers are stopped at the end, by process group.
# Extra arguments go to audit.py (e.g. --timing-samples 12).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
py="$root/.venv/bin/python"
state="$(mktemp -d -t latchkey-audit-XXXXXX)"
free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
backend_port="$(free_port)"
frontend_port="$(free_port)"
while [ "$frontend_port" = "$backend_port" ]; do frontend_port="$(free_port)"; done
pgids=()
cleanup() {
  for pgid in "${pgids[@]}"; do kill -TERM -- "-$pgid" 2>/dev/null || true; done
  for pgid in "${pgids[@]}"; do
    for _ in $(seq 50); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pgid" 2>/dev/null || true
  done
  rm -rf "$state"
}
trap cleanup EXIT INT TERM

wait_http() {  # url, seconds, pid of the server
  for _ in $(seq $(( $2 * 5 ))); do
    if curl -fs -o /dev/null --max-time 2 "$1"; then return 0; fi
    if ! kill -0 "$3" 2>/dev/null; then echo "server for $1 exited" >&2; return 1; fi
    sleep 0.2
  done
  echo "$1 did not answer within $2 s" >&2
  return 1
}

if [ ! -f "$root/frontend/.next/BUILD_ID" ]; then
  echo "no production build in frontend/.next: running next build"
  if ! (cd "$root/frontend" && NEXT_TELEMETRY_DISABLED=1 node node_modules/next/dist/bin/next build); then
    # Another build (make e2e) may be running in this tree: wait for its output instead.
    for _ in $(seq 300); do [ -f "$root/frontend/.next/BUILD_ID" ] && break; sleep 1; done
    [ -f "$root/frontend/.next/BUILD_ID" ] || { echo "next build failed" >&2; exit 1; }
  fi
fi

# Serve a snapshot of the build: others may rebuild frontend/.next in this tree while the audit runs (make e2e).
app="$state/frontend"
mkdir -p "$app/.next"
for _ in 1 2 3; do
  build_id="$(cat "$root/frontend/.next/BUILD_ID")"
  (cd "$root/frontend/.next" && tar --exclude=./cache -cf - .) | (cd "$app/.next" && tar -xf -)
  [ "$build_id" = "$(cat "$root/frontend/.next/BUILD_ID" 2>/dev/null)" ] && break
  sleep 20
done
# next.config.ts is compiled at start and imports from lib/ (the static security headers): copy that too.
cp -r "$root/frontend/package.json" "$root/frontend/next.config.ts" "$root/frontend/tsconfig.json" \
  "$root/frontend/public" "$root/frontend/lib" "$app/"
ln -s "$root/frontend/node_modules" "$app/node_modules"

# A private Redis, as in production: with the e2e default (local memory) each gunicorn worker counts rate limits on
# its own, and the limit checks would depend on which worker answered.
redis_port="$(free_port)"
setsid redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --dir "$state" \
  >"$state/redis.log" 2>&1 &
pgids+=("$!")
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

# Reset links live AUDIT_LINK_TIMEOUT seconds (default 3) here, so the audit can watch one expire (6.5.5) in seconds;
# it reads the mail from the deployment's mail folder.
link_timeout="${AUDIT_LINK_TIMEOUT:-3}"
# Django trusts the Next.js server, as in docker-compose.yml: the web login checks then show whether Next.js passes on
# only the address it can vouch for (with a client-sent X-Forwarded-For believed, they FAIL). The API docs are served
# (DJANGO_API_DOCS) so that their CSP and COOP are audited too; AUDIT_API_DOCS=false skips them.
DJANGO_TRUSTED_PROXIES="127.0.0.1,::1" REDIS_URL="redis://127.0.0.1:$redis_port/0" DJANGO_API_DOCS="${AUDIT_API_DOCS:-true}" \
E2E_BACKEND_PORT="$backend_port" E2E_FRONTEND_PORT="$frontend_port" E2E_STATE_DIR="$state" \
  E2E_ACCESS_TOKEN_LIFETIME=300 E2E_THROTTLE_RATE_LOGIN="${AUDIT_LOGIN_RATE:-30/min}" \
  E2E_MAIL_DIR="$state/mail" E2E_PASSWORD_RESET_TIMEOUT="$link_timeout" \
  setsid bash "$root/scripts/e2e-backend.sh" >"$state/backend.log" 2>&1 &
backend_pid=$!
pgids+=("$backend_pid")
(cd "$app" && API_URL="http://localhost:$backend_port" NEXT_TELEMETRY_DISABLED=1 \
  exec setsid node node_modules/next/dist/bin/next start -p "$frontend_port" -H 127.0.0.1) >"$state/frontend.log" 2>&1 &
frontend_pid=$!
pgids+=("$frontend_pid")

if ! wait_http "http://127.0.0.1:$backend_port/api/health/" 120 "$backend_pid" \
  || ! wait_http "http://127.0.0.1:$frontend_port/login" 60 "$frontend_pid"; then
  tail -n 40 "$state/backend.log" "$state/frontend.log" >&2
  exit 1
fi

status=0
"$py" "$root/stress/audit/audit.py" --url "http://localhost:$frontend_port" --api "http://localhost:$backend_port" \
  --mail-dir "$state/mail" --link-timeout "$link_timeout" "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- backend log (tail)"; tail -n 30 "$state/backend.log"
  echo "--- frontend log (tail)"; tail -n 30 "$state/frontend.log"
fi
exit "$status"
