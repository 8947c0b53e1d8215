#!/usr/bin/env bash
# The browser tests use an installed Chromium; nothing here downloads a browser build of its own.
exec bash "$(dirname "$0")/ensure-tools.sh" chromium
