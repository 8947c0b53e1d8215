#!/usr/bin/env bash
# Django for the browser tests: production settings (debug off) on a fresh SQLite file, a 3-second access-token
# lifetime so that transparent refresh really happens, and rate limits high enough for a whole suite.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port="${E2E_BACKEND_PORT:-8100}"
state="${E2E_STATE_DIR:-$root/.e2e}"
mkdir -p "$state"
rm -f "$state/e2e.sqlite3"

export DJANGO_SETTINGS_MODULE=config.settings.base
export DJANGO_DEBUG=false
export DJANGO_SECRET_KEY="e2e-secret-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export JWT_SIGNING_KEY="e2e-jwt-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export DJANGO_SECURE_SSL_REDIRECT=false
export DATABASE_URL="sqlite:///$state/e2e.sqlite3"
export DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1"
export JWT_ACCESS_TOKEN_LIFETIME="${E2E_ACCESS_TOKEN_LIFETIME:-3}"
# E2E_THROTTLE_RATE_LOGIN lowers the login limit for stress/audit/against-e2e.sh, which checks that it answers 429.
export THROTTLE_RATE_REGISTER=1000/min THROTTLE_RATE_LOGIN="${E2E_THROTTLE_RATE_LOGIN:-1000/min}" THROTTLE_RATE_REFRESH=1000/min
export THROTTLE_RATE_PASSKEY=1000/min THROTTLE_RATE_PASSWORD_RESET=1000/min THROTTLE_RATE_EMAIL=1000/min THROTTLE_RATE_ACCOUNT=1000/min
# Step-up window; the browser tests of the re-authentication dialog shorten it.
export REAUTH_WINDOW="${E2E_REAUTH_WINDOW:-600}"
# Reset and email-change link lifetimes (seconds); the stale-link browser test and the audit shorten them.
export PASSWORD_RESET_TIMEOUT="${E2E_PASSWORD_RESET_TIMEOUT:-600}" EMAIL_CHANGE_TIMEOUT="${E2E_EMAIL_CHANGE_TIMEOUT:-600}"
export FRONTEND_URL="${E2E_FRONTEND_URL:-http://localhost:${E2E_FRONTEND_PORT:-3100}}"
# Social sign-in against the OpenID Provider harness (frontend/e2e/oidc-provider/server.mjs with
# e2e-config.json, whose client these are) when E2E_OIDC_PORT names its port; without it, no provider is configured.
if [ -n "${E2E_OIDC_PORT:-}" ]; then
  export SOCIAL_PROVIDERS=corp
  export SOCIAL_CORP_CLIENT_ID=latchkey-e2e SOCIAL_CORP_CLIENT_SECRET=latchkey-e2e-secret
  export SOCIAL_CORP_ISSUER="http://127.0.0.1:$E2E_OIDC_PORT" SOCIAL_CORP_LABEL="Corp SSO"
else
  unset SOCIAL_PROVIDERS
fi
# Every email is written to a file, so the browser tests can read it and follow its link.
export EMAIL_FILE_PATH="${E2E_MAIL_DIR:-$state/mail}"
rm -rf "$EMAIL_FILE_PATH"
mkdir -p "$EMAIL_FILE_PATH"

# The breached-password check runs for real against a range server on loopback (scripts/breach_range.py): signing up
# with its breached demo password shows the field error in the browser; nothing calls the internet.
pids=()
trap 'kill -TERM "${pids[@]}" 2>/dev/null || true; wait' EXIT INT TERM
rm -f "$state/breach-port"
"$root/.venv/bin/python" "$root/scripts/breach_range.py" --port-file "$state/breach-port" &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$state/breach-port" ] && break; sleep 0.1; done
export BREACHED_PASSWORDS_URL="http://127.0.0.1:$(cat "$state/breach-port")/range/"

cd "$root/backend"
# With E2E_REDIS_URL: Redis as in production (shared cache, revocations pushed to every process and to the Next.js
# server), under a key prefix of this run's own, emptied first: a new key space, so its sentinel may be old.
if [ -n "${E2E_REDIS_URL:-}" ]; then
  export REDIS_URL="$E2E_REDIS_URL" CACHE_KEY_PREFIX="${E2E_CACHE_KEY_PREFIX:-e2e-$port}"
  "$root/.venv/bin/python" "$root/scripts/revocation_publish.py" '{"action": "fresh"}' >/dev/null
fi
"$root/.venv/bin/python" manage.py migrate --noinput -v0
"$root/.venv/bin/python" manage.py collectstatic --noinput -v0
"$root/.venv/bin/python" manage.py db_worker --queue-name '*' --interval 0.2 &
pids+=($!)
# E2E_WSGI_APP: a test-only wrapper from scripts/ (e2e_slow_wsgi:application delays sign-ins, for slow-backend.spec.ts).
# One worker (E2E_BACKEND_WORKERS=1) makes the local-memory rate limits exact: every request meets the same counter.
# E2E_ACCESS_LOG: a file for the access log (default: stdout), for tests that count the calls Next.js makes.
"$root/.venv/bin/gunicorn" "${E2E_WSGI_APP:-config.wsgi:application}" --pythonpath "$root/scripts" \
  --bind "127.0.0.1:$port" --bind "[::1]:$port" \
  --workers "${E2E_BACKEND_WORKERS:-2}" \
  --no-control-socket --access-logfile "${E2E_ACCESS_LOG:--}" --error-logfile - &
pids+=($!)
wait -n "${pids[@]}"
