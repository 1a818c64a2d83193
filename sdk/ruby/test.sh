#!/usr/bin/env bash
# Runs every test of the Ruby library: unit tests against a stub server, the
# shared webhook vectors, and the integration tests against the PaySmart
# server that PAYSMART_API_BASE names (run through the Go harness:
#   cd /work/main && go test ./sdk -run 'TestLibraries/ruby$' -count=1 -v).
set -euo pipefail
cd "$(dirname "$0")"
ruby -w -Ilib -Itest test/runner.rb "$@"
