#!/usr/bin/env bash
# Runs Django, its mail worker and Next.js in the foreground; one Ctrl-C stops all three. When one of them exits on
# its own, says which, with its status and last lines, stops the other two and exits non-zero.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# Both servers listen on HOST only. The default is the name, not 127.0.0.1: the browser URL must be localhost
# (passkeys need a domain, and cookies and CORS treat the two names as different sites), and next dev prints it.
export HOST="${HOST:-localhost}"
export BACKEND_PORT="${BACKEND_PORT:-8000}" FRONTEND_PORT="${FRONTEND_PORT:-3000}"
export DJANGO_DEBUG="${DJANGO_DEBUG:-true}"
export FRONTEND_URL="${FRONTEND_URL:-http://localhost:$FRONTEND_PORT}"
export API_URL="${API_URL:-http://localhost:$BACKEND_PORT}"
# Django believes the address Next.js vouches for (TRUSTED_PROXY_HOPS=0: the browser's own socket address).
export DJANGO_TRUSTED_PROXIES="${DJANGO_TRUSTED_PROXIES:-127.0.0.1,::1}"
# The breached-password check is off in development (no signup waits on the internet), even with debug off;
# set it to https://api.pwnedpasswords.com/range/ to try the real one.
export BREACHED_PASSWORDS_URL="${BREACHED_PASSWORDS_URL:-}"
export NEXT_TELEMETRY_DISABLED=1 PYTHONUNBUFFERED=1

for port in "$BACKEND_PORT" "$FRONTEND_PORT"; do
  if ss -ltn "sport = :$port" 2>/dev/null | grep -q LISTEN; then
    echo "Port $port is already in use: set BACKEND_PORT / FRONTEND_PORT to free ports." >&2
    exit 1
  fi
done
case "$HOST" in
  *:*) django_addr="[$HOST]:$BACKEND_PORT" ;;  # an IPv6 address
  *) django_addr="$HOST:$BACKEND_PORT" ;;
esac

cd "$root/backend"
"$root/.venv/bin/python" manage.py migrate --noinput -v0

SUPERVISE_LABEL="make dev"
# shellcheck source=lib/supervise.sh
. "$root/scripts/lib/supervise.sh"
supervise_start "Django (manage.py runserver $django_addr)" "$root/.venv/bin/python" manage.py runserver "$django_addr"
supervise_start "Next.js (next dev -H $HOST -p $FRONTEND_PORT)" \
  bash -c 'cd "$1/frontend" && exec node node_modules/next/dist/bin/next dev -H "$HOST" -p "$FRONTEND_PORT"' _ "$root"
# Sends the queued mail; with the default EMAIL_URL each message (and its link) is printed here.
supervise_start "the mail worker (manage.py db_worker)" \
  "$root/.venv/bin/python" manage.py db_worker --queue-name '*' --interval 1

echo "Django  $API_URL/api/docs/  (API docs: on with DJANGO_DEBUG=true or DJANGO_API_DOCS=true)"
echo "Next.js $FRONTEND_URL  (Ctrl-C stops all; emails are printed below)"

supervise_wait
