#!/usr/bin/env bash
# `make serve`: the production build on this machine, without containers: debug off, migrations and collectstatic,
# `next build`, then gunicorn (backend/bin/serve-api), the mail worker (backend/bin/serve-worker) and the Next.js
# standalone server, supervised like `make dev` (one Ctrl-C stops all three; one dying stops the others).
#
# Settings come from the environment, or from ENV_FILE (default: .env at the repository root) when it exists.
# Refuses to start while a required one is missing, naming each. README.md › Deploy on a VM lists them all.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
env_file="${ENV_FILE:-$root/.env}"
if [ -f "$env_file" ]; then
  set -a
  # shellcheck disable=SC1090
  . "$env_file"
  set +a
fi

# Production has no development defaults for these: secrets, the shared database and cache (rate limits and
# revocations must be shared by every worker), and where mail goes (the console backend would write reset links into
# the log).
required=(DJANGO_SECRET_KEY JWT_SIGNING_KEY DATABASE_URL REDIS_URL EMAIL_URL FRONTEND_URL)
missing=()
for name in "${required[@]}"; do
  [ -n "${!name:-}" ] || missing+=("$name")
done
if [ ${#missing[@]} -gt 0 ]; then
  {
    echo "make serve: missing required settings (set them in the environment or in ${env_file}):"
    for name in "${missing[@]}"; do echo "  $name"; done
    echo "Secrets: python3 -c 'import secrets; print(secrets.token_urlsafe(64))' (a different one for each key)."
    echo "README.md › Deploy on a VM describes every setting."
  } >&2
  exit 2
fi
if [ "${DJANGO_DEBUG:-false}" != false ]; then
  echo "make serve: DJANGO_DEBUG=${DJANGO_DEBUG} — this is the production run; unset it (make dev is the debug run)." >&2
  exit 2
fi

export DJANGO_DEBUG=false NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PYTHONUNBUFFERED=1
export HOST="${HOST:-127.0.0.1}" BACKEND_PORT="${BACKEND_PORT:-8000}" FRONTEND_PORT="${FRONTEND_PORT:-3000}"
export GUNICORN_BIND="${GUNICORN_BIND:-127.0.0.1:$BACKEND_PORT}"
export API_URL="${API_URL:-http://127.0.0.1:$BACKEND_PORT}"
# Django listens on loopback for the Next.js server only; HTTPS is the job of the proxy in front of Next.js.
export DJANGO_SECURE_SSL_REDIRECT="${DJANGO_SECURE_SSL_REDIRECT:-false}"
# Django believes the client address only from the Next.js server on this machine.
export DJANGO_TRUSTED_PROXIES="${DJANGO_TRUSTED_PROXIES:-127.0.0.1,::1}"
export PATH="$root/.venv/bin:$PATH"

for port in "$BACKEND_PORT" "$FRONTEND_PORT"; do
  if ss -ltn "sport = :$port" 2>/dev/null | grep -q LISTEN; then
    echo "make serve: port $port is already in use: set BACKEND_PORT / FRONTEND_PORT to free ports." >&2
    exit 1
  fi
done

cd "$root/backend"
python manage.py collectstatic --noinput -v0
# Settings errors (an insecure key, a malformed URL) stop here, before anything is built.
python manage.py check --deploy --fail-level ERROR
# Before any process starts: the mail worker reads its queue table at once.
python manage.py migrate --noinput

web="$root/frontend/.next/standalone"
if [ "${SERVE_SKIP_BUILD:-false}" != true ] || [ ! -f "$web/server.js" ]; then
  (cd "$root/frontend" && node node_modules/next/dist/bin/next build)
fi
# The standalone server serves .next/static and public/ only from its own directory (Next.js › output: standalone);
# the container image copies them the same way (frontend/Dockerfile).
rm -rf "$web/.next/static" "$web/public"
cp -r "$root/frontend/.next/static" "$web/.next/static"
cp -r "$root/frontend/public" "$web/public"

SUPERVISE_LABEL="make serve"
# shellcheck source=lib/supervise.sh
. "$root/scripts/lib/supervise.sh"
supervise_start "the API (backend/bin/serve-api, gunicorn on $GUNICORN_BIND)" \
  env RUN_MIGRATIONS=false "$root/backend/bin/serve-api"
supervise_start "the mail worker (backend/bin/serve-worker)" "$root/backend/bin/serve-worker"
supervise_start "Next.js (node server.js on $HOST:$FRONTEND_PORT)" \
  env HOSTNAME="$HOST" PORT="$FRONTEND_PORT" node "$web/server.js"

echo "make serve: $FRONTEND_URL (Next.js on $HOST:$FRONTEND_PORT, API on $GUNICORN_BIND; Ctrl-C stops all)"
supervise_wait
