#!/usr/bin/env bash
# Runs every test of the Python library: the unit tests (a stub server, the
# shared webhook vectors) and the integration tests against the server the Go
# harness started (go test ./sdk -run 'TestLibraries/python$'). Without the
# harness's variables the integration tests fail; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")"

export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONDONTWRITEBYTECODE=1
report="$(mktemp)"
trap 'rm -f "$report"' EXIT

status=0
/usr/bin/python3 -m pytest tests -v -p no:cacheprovider --junitxml="$report" || status=$?

# The last line: N passed, N failed (errors count as failures; a skip fails the run).
summary="$(/usr/bin/python3 - "$report" <<'PY'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
n = {k: sum(int(s.get(k, 0)) for s in suites) for k in ("tests", "failures", "errors", "skipped")}
failed = n["failures"] + n["errors"]
passed = n["tests"] - failed - n["skipped"]
print(n["skipped"], passed, failed)
PY
)" || { echo "no test report (pytest exit $status)"; echo "0 passed, 1 failed"; exit 1; }
read -r skipped passed failed <<<"$summary"
if [ "$skipped" -gt 0 ]; then
	echo "$skipped test(s) skipped: every test must run"
	failed=$((failed + skipped))
	status=1
fi
if [ "$passed" -eq 0 ]; then
	status=1
fi
echo "$passed passed, $failed failed"
exit "$status"
