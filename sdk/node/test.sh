#!/usr/bin/env bash
# Runs every test of the Node library with node's own runner: the unit tests
# (a stub server, the shared webhook vectors, the package's shape, the
# browser build) and the integration tests against the real server whose
# address and keys the Go harness (sdk/libraries_test.go) passes in
# PAYSMART_API_BASE and PAYSMART_TEST_*. Without them the integration tests
# fail, saying so. Nothing is skipped: a skipped, todo or cancelled test
# counts as failed. The last line reads "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

tap=$(mktemp)
trap 'rm -f "$tap"' EXIT

# The spec report is for people; the TAP copy is what the summary is read from.
status=0
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" test/*.test.js || status=$?

count() { sed -n "s/^# $1 \([0-9][0-9]*\)\$/\1/p" "$tap" | tail -n 1; }
passed=$(count pass)
failed=$(count fail)
cancelled=$(count cancelled)
skipped=$(count skipped)
todo=$(count todo)
unrun=$(( ${cancelled:-0} + ${skipped:-0} + ${todo:-0} ))
if [[ -z "$passed" || -z "$failed" ]]; then
  echo "test.sh: the test runner printed no summary (exit $status)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
failed=$(( failed + unrun ))
echo "$passed passed, $failed failed"
if (( status != 0 || failed > 0 )); then
  exit 1
fi
