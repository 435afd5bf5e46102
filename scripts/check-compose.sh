#!/usr/bin/env bash
# Validates the production docker-compose.yml without a Docker engine (CI):
#   1. `docker compose config -q` (or the older `docker-compose`) accepts it, with AUTH_JWT_SECRET set;
#   2. it refuses to render without AUTH_JWT_SECRET (the `${AUTH_JWT_SECRET:?…}` guard);
#   3. the files it mounts exist, and deploy/temporal-setup.sh registers exactly the search attributes of
#      config/search-attributes.ts (when node_modules is installed).
# Exits 0 with "skipped: no docker compose client" when neither compose client is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=docker-compose.yml

if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1 && docker-compose version >/dev/null 2>&1; then
  compose=(docker-compose)
else
  echo "skipped: no docker compose client"
  exit 0
fi
echo "using: $("${compose[@]}" version | head -n 1)"

AUTH_JWT_SECRET="${AUTH_JWT_SECRET:-check-compose-placeholder-secret}" "${compose[@]}" -f "$FILE" config -q
echo "ok: $FILE is valid"

if env -u AUTH_JWT_SECRET "${compose[@]}" -f "$FILE" config -q >/dev/null 2>&1; then
  echo "FAIL: $FILE renders without AUTH_JWT_SECRET; the API must not start with a default secret" >&2
  exit 1
fi
echo "ok: AUTH_JWT_SECRET is required"

for f in Dockerfile .dockerignore deploy/postgres-init.sql deploy/temporal-setup.sh; do
  [ -f "$f" ] || { echo "FAIL: $f is missing" >&2; exit 1; }
done
echo "ok: mounted and build files present"

if [ -x node_modules/.bin/tsx ]; then
  expected=$(node_modules/.bin/tsx -e "import { SEARCH_ATTRIBUTE_DEFINITIONS as d } from './config/search-attributes'; console.log(d.map(([n, t]) => n + '=' + t).sort().join(' '))")
  actual=$(sed -n 's/^SEARCH_ATTRIBUTES="\(.*\)"$/\1/p' deploy/temporal-setup.sh | tr ' ' '\n' | sort | xargs)
  if [ "$expected" != "$actual" ]; then
    echo "FAIL: deploy/temporal-setup.sh registers [$actual] but config/search-attributes.ts defines [$expected]" >&2
    exit 1
  fi
  echo "ok: search attributes match config/search-attributes.ts ($expected)"
else
  echo "note: node_modules not installed; search-attribute drift check skipped"
fi
