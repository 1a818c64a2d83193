#!/usr/bin/env bash
# ts-client.sh: proof that the OpenAPI document serves other languages. It
# generates TypeScript types from api/paysmart.json with openapi-typescript
# (npm ci from the committed package-lock.json), compiles a small typed
# client with them (scripts/ts-client), starts a PaySmart server on a fresh
# SQLite database and creates a payment through that client. The same tsc run
# type-checks the Node library's declarations (sdk/node/index.d.ts) with the
# document's examples (sdk-node.cts). Exits non-zero
# on any failure. Needs Go, node 20 and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tmp=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

(cd scripts/ts-client && npm ci --no-audit --no-fund --loglevel=error && npm run -s generate && npm run -s build)

go build -o "$tmp/paysmart" ./cmd/paysmart
"$tmp/paysmart" serve --addr 127.0.0.1:0 --database "sqlite:$tmp/paysmart.db" >"$tmp/out" 2>"$tmp/err" &
server_pid=$!
base=""
for _ in $(seq 1 100); do
  base=$(sed -n 's/^PaySmart listening on \(http[^ ]*\).*/\1/p' "$tmp/out")
  [ -n "$base" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/err" >&2; exit 1; }
  sleep 0.1
done
[ -n "$base" ] || { echo "ts-client: the server did not start" >&2; cat "$tmp/err" >&2; exit 1; }
key=$(awk '$1 == "sk_test" {print $2}' "$tmp/out")
[ -n "$key" ] || { echo "ts-client: no sk_test key in the server's output" >&2; exit 1; }

cd "$root/scripts/ts-client"
node dist/create-payment.js "$base" "$key"
