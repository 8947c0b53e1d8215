#!/usr/bin/env bash
# wrk (the load generator of bench/run.py) from Debian's packages, where it is missing.
exec bash "$(dirname "$0")/../scripts/ensure-tools.sh" wrk
