#!/usr/bin/env bash
# The whole test suite: typecheck, lint, then unit, workflow (time-skipping) and integration tests on the
# real Temporal and PostgreSQL servers, which this script builds (first run) and starts.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck" && npx tsc --noEmit -p .
echo "== lint" && npx eslint .
echo "== compose" && bash scripts/check-compose.sh
echo "== servers" && bash scripts/ensure-temporal-cli.sh >/dev/null && bash scripts/ensure-test-server.sh >/dev/null
echo "== tests"
exec npx tsx scripts/with-services.ts -- npx jest --ci "$@"
