#!/usr/bin/env bash
# Measures what a provider really pays for `claim` (receipt gasUsed: 21000 + calldata + execution) on a local anvil.
# Starts anvil on 127.0.0.1 (port $BENCH_PORT, default 18545), runs script/ClaimGasBench.s.sol against it, prints
# one line per claim transaction and stops anvil. Devnet only; uses anvil's well-known test keys.
set -euo pipefail
cd "$(dirname "$0")/.."

port="${BENCH_PORT:-18545}"
case "$(uname -m)" in x86_64 | amd64) arch=amd64 ;; *) arch=arm64 ;; esac
anvil="node_modules/@foundry-rs/anvil-$(uname -s | tr '[:upper:]' '[:lower:]')-$arch/bin/anvil"

"$anvil" --host 127.0.0.1 --port "$port" --silent &
anvil_pid=$!
trap 'kill "$anvil_pid" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done

# anvil's first two default accounts: the provider (also funder) and the client's ticket signer
BENCH_KEY=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80 \
SIGNER_KEY=0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d \
  scripts/forge.sh script script/ClaimGasBench.s.sol:ClaimGasBench --rpc-url "http://127.0.0.1:$port" \
  --broadcast --offline --use ./solc-js.mjs > /dev/null

node --input-type=module -e '
import { readFileSync } from "node:fs";
const run = JSON.parse(readFileSync(process.argv[1], "utf8"));
const claims = run.transactions.map((t, i) => ({ t, r: run.receipts[i] })).filter(({ t }) => t.function?.startsWith("claim("));
// order of ClaimGasBench: native warm-up, erc20 warm-up, native 1/10/50, erc20 1/10/50
const labels = ["native warm-up", "erc20 warm-up", "native", "native", "native", "erc20", "erc20", "erc20"];
claims.forEach(({ t, r }, i) => {
  const input = t.transaction.input ?? t.transaction.data;
  const n = (input.length - 2 - 8 - 128) / 448; // selector, offset and length words, 224 bytes per ticket
  const gas = parseInt(r.gasUsed, 16);
  console.log(`${labels[i].padEnd(15)} batch ${String(n).padStart(2)}: ${String(gas).padStart(7)} gas, ${Math.round(gas / n)} per ticket`);
});
' "broadcast/ClaimGasBench.s.sol/31337/run-latest.json"
