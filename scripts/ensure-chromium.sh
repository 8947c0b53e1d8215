#!/usr/bin/env bash
# The browser tests use an installed Chromium; nothing here downloads a browser build of its own.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "No Chromium at $browser. Install one (Debian: apt-get install chromium) or set CHROMIUM_PATH." >&2
exit 1
