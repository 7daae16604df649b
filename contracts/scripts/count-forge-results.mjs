#!/usr/bin/env node
// Usage: count-forge-results.mjs <forge-test.json>
// Reads the output of `forge test --json` and prints "<passed> <failed>": one result per test function, so a fuzz
// or invariant test counts once however many runs it made. Skipped tests are in neither number.
// Exits 2 when the file is missing, empty or not forge's JSON.
import { readFileSync } from 'node:fs';

export function countForgeResults(json) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const suite of Object.values(json)) {
    for (const result of Object.values(suite?.test_results ?? {})) {
      if (result.status === 'Success') passed++;
      else if (result.status === 'Skipped') skipped++;
      else failed++;
    }
  }
  return { passed, failed, skipped };
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: count-forge-results.mjs <forge-test.json>');
    process.exit(2);
  }
  let json;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`count-forge-results: cannot read ${file}: ${e.message}`);
    process.exit(2);
  }
  const { passed, failed } = countForgeResults(json);
  console.log(`${passed} ${failed}`);
}
