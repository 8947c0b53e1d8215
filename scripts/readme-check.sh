#!/usr/bin/env bash
# Runs the README's curl examples, as written, against a live backend on a free port.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
state="$(mktemp -d)"
# `make dev` runs with debug on, so the schema the examples fetch is served there: the same here.
DJANGO_API_DOCS=true E2E_BACKEND_PORT=$port E2E_STATE_DIR="$state" E2E_ACCESS_TOKEN_LIFETIME=300 \
  setsid bash "$root/scripts/e2e-backend.sh" >"$state/server.log" 2>&1 &
server=$!
trap 'kill -TERM -- "-$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$state"' EXIT

for _ in $(seq 1 240); do
  curl -sf "http://localhost:$port/api/health/" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$state/server.log" >&2; echo "the backend exited" >&2; exit 1; }
  sleep 0.5
done
curl -sf "http://localhost:$port/api/health/" >/dev/null || { tail -20 "$state/server.log" >&2; exit 1; }

examples=$(sed -n '/<!-- curl-examples:start -->/,/<!-- curl-examples:end -->/p' "$root/README.md" \
  | sed '/^```/d; /^<!--/d' | sed "s#localhost:8000#localhost:$port#g")
output=$(bash -euo pipefail -c "$examples")

expect() {
  grep -qF -- "$1" <<<"$output" || { echo "README examples: expected '$1' in:"; echo "$output"; exit 1; } >&2
}
expect '"email":"ann@example.com","name":"Ann"'
expect '"name":"Ann Lee"'
expect '204'
expect '{"status":"ok","database":"ok",'
expect '200'
echo "README curl examples: all ran as written."
