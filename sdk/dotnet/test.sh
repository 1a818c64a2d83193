#!/usr/bin/env bash
# test.sh runs every test of the .NET library: it builds PaySmart.dll and the NUnit test assembly
# with Mono's mcs, runs them with nunit-console (unit tests against a stub server, the shared
# webhook vectors, and the integration tests against the server PAYSMART_API_BASE names), and
# ends with the line "N passed, N failed". Run it through the Go harness, which starts a server
# and sets the PAYSMART_TEST_* variables:
#   cd /work/main && go test ./sdk -run 'TestLibraries/dotnet$' -count=1 -v
set -euo pipefail
cd "$(dirname "$0")"

build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT

fail() {
  echo "$1" >&2
  echo "0 passed, 1 failed"
  exit 1
}

mcs -nologo -warnaserror+ -target:library -out:"$build/PaySmart.dll" \
  -r:System.Net.Http.dll src/PaySmart/*.cs || fail "test.sh: the library does not build"
# shellcheck disable=SC2046 # pkg-config prints one -r: per assembly
mcs -nologo -target:library -out:"$build/PaySmart.Tests.dll" \
  -r:"$build/PaySmart.dll" -r:System.Net.Http.dll $(pkg-config --libs nunit) tests/*.cs ||
  fail "test.sh: the tests do not build"

export PAYSMART_WEBHOOK_VECTORS="$PWD/../testdata/webhook_vectors.json"

status=0
nunit-console -nologo -noshadow -labels -xml="$build/result.xml" "$build/PaySmart.Tests.dll" || status=$?

[[ -f "$build/result.xml" ]] || fail "test.sh: nunit-console wrote no result (exit $status)"
summary="$(grep -m1 -o '<test-results [^>]*>' "$build/result.xml")"
count() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$summary"; }
total=$(count total) errors=$(count errors) failures=$(count failures)
notrun=$(count not-run) inconclusive=$(count inconclusive)
# Nothing may be skipped: a test not run (ignored, skipped, invalid) counts as failed.
failed=$((errors + failures + notrun + inconclusive))
passed=$((total - errors - failures - inconclusive))
if ((failed == 0 && status != 0)); then
  failed=1 # the runner failed without saying which test
fi
echo "$passed passed, $failed failed"
((failed == 0))
