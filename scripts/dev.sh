#!/usr/bin/env bash
# Runs Django, its mail worker and Next.js in the foreground; one Ctrl-C stops all three.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export BACKEND_PORT="${BACKEND_PORT:-8000}" FRONTEND_PORT="${FRONTEND_PORT:-3000}"
export DJANGO_DEBUG="${DJANGO_DEBUG:-true}"
export FRONTEND_URL="${FRONTEND_URL:-http://localhost:$FRONTEND_PORT}"
export API_URL="${API_URL:-http://localhost:$BACKEND_PORT}"
# Django believes the address Next.js vouches for (TRUSTED_PROXY_HOPS=0: the browser's own socket address).
export DJANGO_TRUSTED_PROXIES="${DJANGO_TRUSTED_PROXIES:-127.0.0.1,::1}"
export NEXT_TELEMETRY_DISABLED=1

for port in "$BACKEND_PORT" "$FRONTEND_PORT"; do
  if ss -ltn "sport = :$port" 2>/dev/null | grep -q LISTEN; then
    echo "Port $port is already in use: set BACKEND_PORT / FRONTEND_PORT to free ports." >&2
    exit 1
  fi
done

cd "$root/backend"
"$root/.venv/bin/python" manage.py migrate --noinput -v0

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

set -m  # each server gets its own process group, so stopping it also stops its children
"$root/.venv/bin/python" manage.py runserver "localhost:$BACKEND_PORT" &
pids+=($!)
(cd "$root/frontend" && exec node node_modules/next/dist/bin/next dev -p "$FRONTEND_PORT") &
pids+=($!)
# Sends the queued mail; with the default EMAIL_URL each message (and its link) is printed here.
PYTHONUNBUFFERED=1 "$root/.venv/bin/python" manage.py db_worker --queue-name '*' --interval 1 &
pids+=($!)
set +m

echo "Django  http://localhost:$BACKEND_PORT/api/docs/  (API docs: on with DJANGO_DEBUG=true or DJANGO_API_DOCS=true)"
echo "Next.js http://localhost:$FRONTEND_PORT  (Ctrl-C stops all; emails are printed below)"
wait -n "${pids[@]}"
