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

# Each process's output goes to the terminal and to a log, so that its last lines can be shown when it dies.
logs="$(mktemp -d "${TMPDIR:-/tmp}/latchkey-dev.XXXXXX")"
names=()
pids=()
stop() {  # stops every process group still running, escalating to SIGKILL after 5 s
  trap - INT TERM EXIT
  local pid
  # ${a[@]+...}: an empty array is "unbound" to bash 3.2 (macOS) under set -u.
  for pid in ${pids[@]+"${pids[@]}"}; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in ${pids[@]+"${pids[@]}"}; do
    for _ in $(seq 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$logs"
}
# tee ignores Ctrl-C and TERM: it shows what the servers print while they shut down, and ends with them.
log_to() { trap '' INT TERM; exec tee "$logs/$1.log"; }
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

set -m  # each process gets its own process group, so stopping it also stops its children (runserver's reloader)
names+=("Django (manage.py runserver $django_addr)")
"$root/.venv/bin/python" manage.py runserver "$django_addr" > >(log_to 0) 2>&1 &
pids+=($!)
names+=("Next.js (next dev -H $HOST -p $FRONTEND_PORT)")
(cd "$root/frontend" && exec node node_modules/next/dist/bin/next dev -H "$HOST" -p "$FRONTEND_PORT") \
  > >(log_to 1) 2>&1 &
pids+=($!)
# Sends the queued mail; with the default EMAIL_URL each message (and its link) is printed here.
names+=("the mail worker (manage.py db_worker)")
"$root/.venv/bin/python" manage.py db_worker --queue-name '*' --interval 1 > >(log_to 2) 2>&1 &
pids+=($!)
set +m

echo "Django  $API_URL/api/docs/  (API docs: on with DJANGO_DEBUG=true or DJANGO_API_DOCS=true)"
echo "Next.js $FRONTEND_URL  (Ctrl-C stops all; emails are printed below)"

# Polling rather than `wait -n`: it tells which process ended, and works with the bash 3.2 of macOS.
while :; do
  for i in "${!pids[@]}"; do
    kill -0 "${pids[$i]}" 2>/dev/null && continue
    status=0
    wait "${pids[$i]}" || status=$?
    if [ "$status" -gt 128 ]; then
      reason="was killed by SIG$(kill -l $((status - 128)) 2>/dev/null || echo "nal $((status - 128))")"
    else
      reason="exited with status $status"
    fi
    { sleep 0.2; } 2>/dev/null  # lets tee write the last lines
    {
      echo
      echo "make dev: ${names[$i]} $reason; stopping the others."
      if [ -s "$logs/$i.log" ]; then
        echo "Its last lines:"
        tail -n 15 "$logs/$i.log" | sed 's/^/  | /'
      else
        echo "It printed nothing."
      fi
    } >&2
    exit 1
  done
  # The braces keep bash's own "Killed ..." job notice out: the lines above say it better.
  { sleep 1; } 2>/dev/null
done
