#!/usr/bin/env bash
# Runs the forge test suite. Usage: ./test.sh [json-out] [extra forge test args...]
# Writes forge's machine-readable results to json-out (default: out/forge-test-results.json; count them with
# scripts/count-forge-results.mjs), prints a readable report ending in "forge: N passed, N failed, N skipped",
# and exits non-zero when a test fails or forge itself fails (e.g. a compile error).
set -euo pipefail
cd "$(dirname "$0")"

json="${1:-out/forge-test-results.json}"
shift || true
mkdir -p "$(dirname "$json")"

if [[ ! -d node_modules/@foundry-rs ]]; then
  npm ci --no-audit --no-fund
fi

# Compile first with readable output (errors show here), then run the tests with JSON results.
scripts/forge.sh build --offline --use ./solc-js.mjs

# The C# build embeds the committed artifacts: they must be what these sources compile to, or the .NET tests would
# exercise stale contracts.
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
node scripts/export-artifacts.mjs "$fresh" >/dev/null
for f in "$fresh"/*.json; do
  if ! cmp -s "$f" "artifacts/$(basename "$f")"; then
    echo "test.sh: artifacts/$(basename "$f") is stale: run contracts/build.sh and commit the result" >&2
    exit 1
  fi
done

set +e
scripts/forge.sh test --offline --use ./solc-js.mjs --json "$@" > "$json"
rc=$?
set -e

if ! node scripts/print-forge-results.mjs "$json"; then
  echo "test.sh: forge produced no readable results (exit $rc)" >&2
  exit $(( rc == 0 ? 1 : rc ))
fi
read -r passed failed < <(node scripts/count-forge-results.mjs "$json")
if (( rc != 0 || failed != 0 )); then
  echo "test.sh: FAILED (forge exit $rc, $failed failed)" >&2
  exit $(( rc == 0 ? 1 : rc ))
fi
if (( passed == 0 )); then
  echo "test.sh: no test ran" >&2
  exit 1
fi
