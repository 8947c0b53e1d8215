#!/usr/bin/env bash
# wrk (the load generator of bench/run.py) from Debian's packages, where it is missing.
set -euo pipefail
command -v wrk >/dev/null && exit 0
if [ "$(id -u)" -eq 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
else
  echo "wrk is missing: sudo apt-get install -y wrk (or brew install wrk)" >&2
  exit 1
fi
