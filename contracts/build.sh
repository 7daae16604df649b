#!/usr/bin/env bash
# Compiles the contracts with forge + solc-js and exports artifacts/{Lottery,Directory,TestToken}.json, which the
# C# build embeds (they are committed: building C# needs no node). Deterministic: rebuilding gives no diff.
set -euo pipefail
cd "$(dirname "$0")"

if [[ ! -d node_modules/@foundry-rs ]]; then
  npm ci --no-audit --no-fund
fi

scripts/forge.sh build --offline --use ./solc-js.mjs
node scripts/export-artifacts.mjs
