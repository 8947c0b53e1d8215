#!/usr/bin/env bash
# Generates frontend/lib/api/{openapi.json,schema.gen.ts} from the backend's OpenAPI schema.
# With --check, generates into a temporary folder and fails if the committed files differ.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/frontend/lib/api"
target="$out"
if [ "${1:-}" = "--check" ]; then
  target="$(mktemp -d)"
  trap 'rm -rf "$target"' EXIT
fi
(cd "$root/backend" && DJANGO_DEBUG=true "$root/.venv/bin/python" manage.py spectacular --format openapi-json \
  --validate --fail-on-warn --file "$target/openapi.json")
(cd "$root/frontend" && node_modules/.bin/openapi-typescript "$target/openapi.json" -o "$target/schema.gen.ts" \
  >/dev/null)
if [ "$target" != "$out" ]; then
  for file in openapi.json schema.gen.ts; do
    if ! diff -q "$out/$file" "$target/$file" >/dev/null; then
      echo "frontend/lib/api/$file is stale: run 'make client' and commit the result." >&2
      exit 1
    fi
  done
  echo "API types are up to date."
fi
