#!/usr/bin/env node
// Prints the closing line CI reads, "N passed, N failed[, N skipped]", from the results folder of ./run.sh test:
// every *.trx file (one per .NET test project) and forge.json (the Solidity suite, counted by
// contracts/scripts/count-forge-results.mjs). A suite that left no results counts as one failure, never as zero.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.argv[2];
if (!dir) { console.error('usage: count-results.mjs <results-dir> [expected-trx-files]'); process.exit(2); }
const expectedTrx = process.argv[3] ? Number(process.argv[3]) : 0;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

let passed = 0, failed = 0, skipped = 0;
const attr = (tag, name) => {
  const m = tag.match(new RegExp(`\\b${name}="(\\d+)"`));
  return m ? Number(m[1]) : 0;
};

const trx = readdirSync(dir, { recursive: true }).filter(f => String(f).endsWith('.trx'));
if (trx.length === 0) { console.error('no .trx results found: counting the .NET suite as failed'); failed += 1; }
else if (trx.length < expectedTrx) {
  // A test project whose host crashed leaves no file: each missing one is a failure, never silence.
  console.error(`${expectedTrx - trx.length} test project(s) left no .trx results: counted as failed`);
  failed += expectedTrx - trx.length;
}
for (const f of trx) {
  const text = readFileSync(join(dir, String(f)), 'utf8');
  const tag = text.match(/<Counters\b[^>]*>/);
  if (!tag) { console.error(`${f}: no <Counters> element`); failed += 1; continue; }
  passed += attr(tag[0], 'passed');
  const fileFailed = attr(tag[0], 'failed') + attr(tag[0], 'error') + attr(tag[0], 'timeout') + attr(tag[0], 'aborted');
  failed += fileFailed;
  skipped += attr(tag[0], 'notExecuted');
  // A run that did not complete (test host crash, abort) counts as a failure even if no test reported one.
  const outcome = (text.match(/<ResultSummary\b[^>]*\boutcome="([^"]*)"/) || [])[1];
  if (outcome !== 'Completed' && fileFailed === 0) {
    console.error(`${f}: run outcome '${outcome ?? 'missing'}' with no failed test: counted as one failure`);
    failed += 1;
  }
}

const forge = join(dir, 'forge.json');
if (!existsSync(forge)) {
  console.error('no forge.json: counting the Solidity suite as failed');
  failed += 1;
} else {
  try {
    const out = execFileSync('node', [join(root, 'contracts/scripts/count-forge-results.mjs'), forge], { encoding: 'utf8' });
    const [p, f] = out.trim().split(/\s+/).map(Number);
    if (!Number.isInteger(p) || !Number.isInteger(f)) throw new Error(`unexpected output: ${out}`);
    passed += p; failed += f;
  } catch (e) {
    console.error(`forge results unreadable: ${e.message}`);
    failed += 1;
  }
}

console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
