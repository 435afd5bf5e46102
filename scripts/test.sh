#!/usr/bin/env bash
# The whole test suite: typecheck, lint, then unit, workflow (time-skipping) and integration tests on the
# real Temporal and PostgreSQL servers, which this script builds (first run) and starts.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck" && npx tsc --noEmit -p . && npx tsc --noEmit -p console && npx tsx scripts/console-api-types.ts --check
echo "== lint" && npx eslint .
echo "== compose" && bash scripts/check-compose.sh
echo "== servers" && bash scripts/ensure-temporal-cli.sh >/dev/null && bash scripts/ensure-test-server.sh >/dev/null
echo "== browser" && bash scripts/ensure-browser.sh
echo "== console" && npm run --silent console:build
if [ "${1:-}" = "--browser" ]; then
  shift
  echo "== tests: browser"
  exec npx tsx scripts/with-services.ts -- npx playwright test "$@"
fi
if [ "$#" -gt 0 ]; then
  echo "== tests: $*"
  exec npx tsx scripts/with-services.ts -- npx jest --ci "$@"
fi
# Schemathesis fuzzes the whole API, including operations with wide effects (a calendar year's fan-out to every
# open dossier, the summaries): it runs on services and a database of its own, after the rest, so that neither
# the load nor the data of the other files' tests decides its timings or its answers.
status=0
echo "== tests"
npx tsx scripts/with-services.ts -- npx jest --ci --testPathIgnorePatterns schemathesis || status=$?
echo "== tests: Schemathesis"
npx tsx scripts/with-services.ts -- npx jest --ci tests/integration/schemathesis.test.ts || status=$?
# The console in Debian's Chromium, through its screens only, on services of its own (playwright.config.ts).
echo "== tests: browser"
npx tsx scripts/with-services.ts -- npx playwright test || status=$?
exit "$status"
