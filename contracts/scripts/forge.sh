#!/usr/bin/env bash
# Runs the pinned forge binary from node_modules with its real exit status.
# (node_modules/.bin/forge is an npm wrapper that always exits 0, even when forge fails, so scripts must not use it.)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
case "$(uname -m)" in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "forge.sh: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac
os="$(uname -s | tr '[:upper:]' '[:lower:]')"
bin="$here/node_modules/@foundry-rs/forge-$os-$arch/bin/forge"
if [[ ! -x "$bin" ]]; then
  echo "forge.sh: $bin not found; run 'npm ci' in contracts/" >&2
  exit 1
fi
exec "$bin" "$@"
