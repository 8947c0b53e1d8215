#!/usr/bin/env bash
# The programs and services a make target needs: `scripts/ensure-tools.sh TOOL...`, TOOL being one of
#   node python curl chromium wrk redis redis-service[=URL] postgres[=URL] postgres-cluster
# Silent when everything is there. Installs what is missing with apt-get when it runs as root on Debian/Ubuntu, and
# starts a local PostgreSQL cluster or Redis that is down, saying so (INSTALL_MISSING=no: never). Whatever is still
# missing is named, with why it is needed and how to get it on Debian/Ubuntu and macOS, and the exit status is 1.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
DEFAULT_POSTGRES_URL="${STACK_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"
DEFAULT_REDIS_URL="redis://127.0.0.1:6379"
problems=()

say() { echo "ensure-tools: $*" >&2; }

# what is missing and why it is needed (two sentences), the Debian/Ubuntu command, the macOS command[, one more line]
missing() {
  local text
  text="$(printf '%s\n  %s\n  Debian/Ubuntu: %s\n  macOS:         %s' "$1" "$2" "$3" "$4")"
  if [ -n "${5:-}" ]; then text+=$'\n'"  $5"; fi
  problems+=("$text")
}

may_change_machine() { [ "${INSTALL_MISSING:-yes}" != "no" ]; }
can_apt() { may_change_machine && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; }

apt_install() {  # packages...; true once they are installed
  can_apt || return 1
  say "installing $* (apt-get install -y $*) ..."
  local log
  log="$(mktemp)"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >"$log" 2>&1 \
    && ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; } >"$log" 2>&1; then
    say "apt-get install $* failed:"
    tail -n 3 "$log" | sed 's/^/  /' >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

is_loopback() { case "$1" in 127.0.0.1 | localhost | ::1) return 0 ;; *) return 1 ;; esac; }

# Splits scheme://[user[:password]@]host[:port][/path] into url_host and url_port (default $2).
parse_url() {
  local rest="${1#*://}"
  local hostport="${rest%%/*}"
  hostport="${hostport%%\?*}"
  hostport="${hostport##*@}"
  if [[ $hostport =~ ^\[(.*)\](:([0-9]+))?$ ]] || [[ $hostport =~ ^([^:]*)(:([0-9]+))?$ ]]; then
    url_host="${BASH_REMATCH[1]}"
    url_port="${BASH_REMATCH[3]:-$2}"
  else
    url_host="$hostport"
    url_port="$2"
  fi
}

check_node() {
  local version major minor
  version="$(node -p 'process.versions.node' 2>/dev/null)"
  IFS=. read -r major minor _ <<<"${version:-0.0.0}"
  if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
    # Debian's own nodejs package is older than 20.19: nothing to install with apt here.
    missing "Node.js 20.19 or newer is needed ($([ -n "$version" ] && echo "found $version" || echo "no node on PATH"))." \
      "The frontend, its tests and its build run on it." \
      "curl -fsSL https://deb.nodesource.com/setup_22.x | sudo bash - && sudo apt-get install -y nodejs" \
      "brew install node@22 && brew link --force node@22" \
      "Or any Node 20.19+ from https://nodejs.org or nvm (\`nvm install 22\`)."
  elif ! npm --version >/dev/null 2>&1; then
    missing "npm is missing (node $version is there)." "It installs the frontend's packages." \
      "sudo apt-get install -y npm, or Node from NodeSource (it includes npm)" "brew install node@22"
  fi
}

check_python() {
  [ -x "$root/.venv/bin/python" ] && return  # the virtualenv exists: its Python is the one that counts
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    missing "Python 3.11 or newer is needed (found $(python3 --version 2>/dev/null || echo "no python3 on PATH"))." \
      "The backend runs in a virtualenv (.venv) made from it." \
      "sudo apt-get install -y python3 python3-venv (Debian 12 and Ubuntu 24.04 have 3.11+)" "brew install python@3.12"
  elif ! python3 -c 'import ensurepip, venv' 2>/dev/null && ! apt_install python3-venv; then
    missing "Python's venv module is missing." "make creates .venv with it." "sudo apt-get install -y python3-venv" \
      "brew install python@3.12 (includes it)"
  fi
}

check_curl() {
  command -v curl >/dev/null && return
  apt_install curl && return
  missing "curl is missing." "The README check and the audit wait for their servers with it." "sudo apt-get install -y curl" \
    "brew install curl"
}

check_gettext() {  # only `make messages` (makemessages runs xgettext and msgmerge); the check needs none of it
  command -v xgettext >/dev/null && command -v msgmerge >/dev/null && return
  apt_install gettext && return
  missing "GNU gettext (xgettext, msgmerge) is missing." "make messages updates the .po files with Django's makemessages, which runs them." \
    "sudo apt-get install -y gettext" "brew install gettext"
}

check_chromium() {
  local browser="${CHROMIUM_PATH:-/usr/bin/chromium}" candidate
  [ -x "$browser" ] && return
  if [ -z "${CHROMIUM_PATH:-}" ] && apt_install chromium; then return; fi
  for candidate in chromium chromium-browser google-chrome google-chrome-stable \
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" "/Applications/Chromium.app/Contents/MacOS/Chromium"; do
    candidate="$(command -v "$candidate" 2>/dev/null)" || continue
    if [ "$candidate" != "$browser" ]; then
      missing "No Chromium at $browser." "The browser tests and the audit drive it; nothing here downloads a browser." \
        "sudo apt-get install -y chromium" "brew install --cask chromium" \
        "Or use the browser found at $candidate: CHROMIUM_PATH='$candidate' make test"
      return
    fi
  done
  missing "No Chromium at $browser." "The browser tests and the audit drive it; nothing here downloads a browser." \
    "sudo apt-get install -y chromium" "brew install --cask chromium (or Google Chrome)" \
    "Or point CHROMIUM_PATH at an installed Chrome or Chromium."
}

check_wrk() {
  command -v wrk >/dev/null && return
  apt_install wrk && return
  missing "wrk is missing." "The benchmark (and its smoke run in make test) drives the servers with it." \
    "sudo apt-get install -y wrk" "brew install wrk"
}

redis_checked=""
check_redis() {  # the programs: the tests start Redis servers of their own
  case "$redis_checked" in ok) return 0 ;; missing) return 1 ;; esac
  if { command -v redis-server && command -v redis-cli; } >/dev/null || apt_install redis-server; then
    redis_checked=ok
    return 0
  fi
  redis_checked=missing
  missing "redis-server or redis-cli is missing." "The tests start Redis servers of their own, and the backend tests use one at 127.0.0.1:6379." \
    "sudo apt-get install -y redis-server" "brew install redis (no need to start it as a service)"
  return 1
}

check_redis_service() {  # a Redis answering at the URL (the backend tests use 127.0.0.1:6379)
  local url="$1" error dir
  check_redis || return
  parse_url "$url" 6379
  error="$(redis-cli -u "$url" ping 2>&1)"
  [ "$error" = "PONG" ] && return
  if is_loopback "$url_host" && [[ $error == *refused* ]] && may_change_machine; then
    dir=/var/lib/redis
    [ -w "$dir" ] || dir="${TMPDIR:-/tmp}"
    if redis-server --daemonize yes --bind 127.0.0.1 --port "$url_port" --save "" --appendonly no --dir "$dir" \
      >/dev/null 2>&1; then
      for _ in $(seq 50); do
        error="$(redis-cli -u "$url" ping 2>&1)"
        if [ "$error" = "PONG" ]; then
          say "started redis-server on 127.0.0.1:$url_port (no persistence; stop it with: redis-cli -p $url_port shutdown)"
          return
        fi
        sleep 0.1
      done
    fi
  fi
  missing "No Redis answers at $url (redis-cli ping: ${error:-no answer})." "The backend tests use it." \
    "sudo systemctl start redis-server, or redis-server --daemonize yes --bind 127.0.0.1 --port $url_port --save ''" \
    "brew services start redis"
}

pg_error() {  # prints psql's first error line; true when the server answered
  local out
  out="$(PGCONNECT_TIMEOUT=5 psql "$1" -qtAc 'select 1' 2>&1 >/dev/null)" && return 0
  printf '%s' "${out%%$'\n'*}"
  return 1
}

start_local_cluster() {  # port; Debian's pg_ctlcluster, as root (PostgreSQL itself refuses to run as root)
  local version name port status
  if [ "$(id -u)" != "0" ] || ! command -v pg_lsclusters >/dev/null || ! may_change_machine; then return 1; fi
  while read -r version name port status _; do
    [ "$port" = "$1" ] || continue
    [ "$status" = "online" ] && return 1
    say "starting PostgreSQL $version/$name on port $port (pg_ctlcluster $version $name start)"
    pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start >&2 && return 0
    return 1
  done < <(pg_lsclusters --no-header 2>/dev/null)
  return 1
}

# A cluster this script has just installed lets local users in over loopback without a password, as this project's
# dev and CI machines do (Debian's default asks for one, and the postgres role has none).
trust_loopback() {
  local version name port hba
  while read -r version name port _; do
    [ "$port" = "$1" ] || continue
    hba="/etc/postgresql/$version/$name/pg_hba.conf"
    say "letting local connections to port $port in without a password ($hba)"
    sed -i -e '1i # Added by scripts/ensure-tools.sh: the tests connect as postgres over loopback.' \
      -e '1i host all all 127.0.0.1/32 trust' -e '1i host all all ::1/128 trust' "$hba"
    pg_ctlcluster --skip-systemctl-redirect "$version" "$name" reload >&2
  done < <(pg_lsclusters --no-header 2>/dev/null)
}

check_postgres() {  # psql, and a server at the URL where that user may create databases
  local url="$1" rest server error installed=""
  rest="${url#*://}"
  server="${url%%://*}://${rest%%[/?]*}/postgres"  # the server, whatever database the URL names
  parse_url "$url" 5432
  if ! command -v psql >/dev/null; then
    if is_loopback "$url_host" && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
      apt_install postgresql && installed=1
    else
      apt_install postgresql-client
    fi
    if ! command -v psql >/dev/null; then
      missing "psql (the PostgreSQL client) is missing." "The tests create and drop their databases with it." \
        "sudo apt-get install -y postgresql (server and client)" "brew install postgresql@17"
      return
    fi
  fi
  error="$(pg_error "$server")" && return
  if is_loopback "$url_host"; then
    if ! start_local_cluster "$url_port" && [ -z "$installed" ] \
      && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && apt_install postgresql; then
      installed=1
      start_local_cluster "$url_port"
    fi
    for _ in $(seq 30); do
      error="$(pg_error "$server")" && return
      [[ $error == *refused* || $error == *"starting up"* ]] || break
      sleep 0.5
    done
    if [ -n "$installed" ] && [[ $error == *password* ]]; then
      trust_loopback "$url_port"
      error="$(pg_error "$server")" && return
    fi
  fi
  local why="make test's API fuzzing and benchmark smoke run (and test-backend-postgres, loadtest, multinode) use it."
  local elsewhere="Or use another server: STACK_POSTGRES_URL=postgres://user:password@host:5432 (make test-backend-postgres: PG_URL=.../dbname); the user must be allowed to create databases."
  if [[ $error == *"could not connect"* || $error == *refused* || $error == *"No such file"* || $error == *timeout* ]]; then
    missing "No PostgreSQL server answers at $server (${error#psql: error: })." "$why" \
      "sudo apt-get install -y postgresql (or start it: sudo systemctl start postgresql), then sudo -u postgres psql -c \"ALTER USER postgres PASSWORD 'postgres'\" and STACK_POSTGRES_URL=postgres://postgres:postgres@127.0.0.1:5432" \
      "brew install postgresql@17 && brew services start postgresql@17 && createuser -s postgres" "$elsewhere"
  else
    missing "The PostgreSQL server at $server refuses the connection (${error#psql: error: })." "$why" \
      "sudo -u postgres createuser --superuser --pwprompt <user>, and put user:password in the URL" \
      "createuser --superuser <user>" "$elsewhere"
  fi
}

check_postgres_cluster() {  # make stress starts clusters of its own (initdb, pg_ctl) as the postgres system user
  if [ "$(id -u)" != "0" ] || ! command -v runuser >/dev/null; then
    missing "make stress must run as root on Linux." "It starts PostgreSQL clusters of its own as the postgres system user." \
      "sudo make stress" "not supported: run it in a Debian/Ubuntu container or VM (as CI does)"
    return
  fi
  if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql; then return; fi
  missing "PostgreSQL's server programs (initdb, pg_ctl under /usr/lib/postgresql) are missing." \
    "make stress starts PostgreSQL clusters of its own." "sudo apt-get install -y postgresql" "not supported"
}

[ $# -gt 0 ] || { echo "usage: $0 TOOL... (node python curl gettext chromium wrk redis redis-service[=URL] postgres[=URL] postgres-cluster)" >&2; exit 2; }
for tool in "$@"; do
  case "$tool" in
    node) check_node ;;
    python) check_python ;;
    curl) check_curl ;;
    gettext) check_gettext ;;
    chromium) check_chromium ;;
    wrk) check_wrk ;;
    redis) check_redis ;;
    redis-service) check_redis_service "$DEFAULT_REDIS_URL" ;;
    redis-service=*) check_redis_service "${tool#*=}" ;;
    postgres) check_postgres "$DEFAULT_POSTGRES_URL" ;;
    postgres=*) check_postgres "${tool#*=}" ;;
    postgres-cluster) check_postgres_cluster ;;
    *) echo "$0: unknown tool '$tool'" >&2; exit 2 ;;
  esac
done

[ ${#problems[@]} -eq 0 ] && exit 0
{
  echo
  echo "Not there, and not installed here:"
  for problem in "${problems[@]}"; do
    echo
    echo "- $problem"
  done
  echo
  if [ "$(id -u)" != "0" ]; then
    echo "As root on Debian/Ubuntu, make installs and starts these itself. Install them and run make again."
  else
    echo "Install them and run make again."
  fi
} >&2
exit 1
