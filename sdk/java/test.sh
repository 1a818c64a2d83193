#!/usr/bin/env bash
# Runs every test of the Java library: the unit tests (JSON, webhook vectors, retries and errors against a stub
# server) and the integration tests against the real server whose address and keys the harness
# (sdk/libraries_test.go) passes in the environment. Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

junit=/usr/share/java/junit-platform-console-standalone.jar
if [[ ! -f $junit ]]; then
  junit=$(dpkg -L junit5 2>/dev/null | grep 'console-standalone.*\.jar$' | head -n 1 || true)
fi
if [[ -z $junit || ! -f $junit ]]; then
  echo "the JUnit console launcher is missing (apt-get install junit5)"
  echo "0 passed, 1 failed"
  exit 1
fi

# A quick JIT and a small GC: these JVMs live seconds, on a busy machine.
fast=(-J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC)
rm -rf out
mkdir -p out
if ! javac "${fast[@]}" --release 11 -encoding UTF-8 -Xlint:all -Werror -d out/main $(find src/main/java -name '*.java') ||
  ! javac "${fast[@]}" --release 11 -encoding UTF-8 -d out/test -cp "out/main:$junit" $(find src/test/java -name '*.java'); then
  echo "compilation failed"
  echo "0 passed, 1 failed"
  exit 1
fi

set +e
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dpaysmart.vectors=../testdata/webhook_vectors.json -jar "$junit" \
  -cp out/main:out/test --scan-class-path --fail-if-no-tests --disable-banner \
  --details=tree --disable-ansi-colors 2>&1 | tee out/junit.txt
status=${PIPESTATUS[0]}
set -e

count() { # the number on the summary line "[  N tests <what>  ]"
  grep -E "^\[ *[0-9]+ tests $1 *\]" out/junit.txt | grep -oE '[0-9]+' | head -n 1 || echo 0
}
passed=$(count successful)
failed=$(count failed)
aborted=$(count aborted)
skipped=$(count skipped)
failed=$((failed + aborted + skipped)) # nothing may be skipped
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  failed=1 # the launcher failed without a count (no tests found, a crash)
fi
echo "$passed passed, $failed failed"
[[ $status -eq 0 && $failed -eq 0 ]]
