#!/usr/bin/env node
// Usage: print-forge-results.mjs <forge-test.json>
// Prints `forge test --json` output for people: one line per test (with gas, fuzz runs or invariant calls), the
// reason and counterexample of each failure, and a closing line "forge: N passed, N failed, N skipped".
import { readFileSync } from 'node:fs';
import { countForgeResults } from './count-forge-results.mjs';

let json;
try {
  json = JSON.parse(readFileSync(process.argv[2], 'utf8'));
} catch (e) {
  console.error(`print-forge-results: cannot read ${process.argv[2]}: ${e.message}`);
  process.exit(2);
}

function detail(kind) {
  if (kind?.Unit) return `gas: ${kind.Unit.gas}`;
  if (kind?.Fuzz) return `runs: ${kind.Fuzz.runs}, μ: ${kind.Fuzz.mean_gas}, ~: ${kind.Fuzz.median_gas}`;
  if (kind?.Invariant) return `runs: ${kind.Invariant.runs}, calls: ${kind.Invariant.calls}, reverts: ${kind.Invariant.reverts}`;
  return '';
}

const STATUS = { Success: 'PASS', Failure: 'FAIL', Skipped: 'SKIP' };
for (const suite of Object.keys(json).sort()) {
  const results = json[suite].test_results ?? {};
  const names = Object.keys(results).sort();
  console.log(`\n${suite} (${names.length} tests, ${json[suite].duration})`);
  for (const name of names) {
    const r = results[name];
    const status = STATUS[r.status] ?? r.status;
    console.log(`  [${status}] ${name} (${detail(r.kind)})`);
    if (r.status === 'Failure') {
      if (r.reason) console.log(`         reason: ${r.reason}`);
      if (r.counterexample) console.log(`         counterexample: ${JSON.stringify(r.counterexample)}`);
      for (const log of r.decoded_logs ?? []) console.log(`         log: ${log}`);
    }
  }
}
const { passed, failed, skipped } = countForgeResults(json);
console.log(`\nforge: ${passed} passed, ${failed} failed, ${skipped} skipped`);
