#!/usr/bin/env bash
# Runs every test of the PHP library: the unit tests (a stub server, the
# shared webhook vectors) and the integration tests against the PaySmart
# server whose address and keys the harness gives (PAYSMART_API_BASE,
# PAYSMART_TEST_*). Run it through the harness:
#   cd /work/main && go test ./sdk -run 'TestLibraries/php$' -count=1 -v
set -euo pipefail
cd "$(dirname "$0")"

report="$(mktemp -d)"
trap 'rm -rf "$report"' EXIT

status=0
phpunit --configuration phpunit.xml --testdox --log-junit "$report/junit.xml" || status=$?
php tests/Support/summary.php "$report/junit.xml" || status=1
exit "$status"
