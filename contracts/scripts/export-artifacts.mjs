#!/usr/bin/env node
// Exports the deployable contracts from forge's out/ into artifacts/<Name>.json as
//   {"contractName": ..., "abi": [...], "bytecode": "0x..."}
// The C# build embeds these files, so the output is canonical: object keys sorted at every level, two-space
// indentation, trailing newline. Rebuilding unchanged sources yields byte-identical files.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONTRACTS = [
  ['Lottery.sol', 'Lottery'],
  ['Directory.sol', 'Directory'],
  ['TestToken.sol', 'TestToken'],
];

/** Recursively sorts object keys so the JSON text does not depend on the compiler's key order. */
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]));
  }
  return value;
}

// An optional output folder (default artifacts/) lets test.sh export elsewhere and compare with the committed files.
const outDir = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'artifacts');
mkdirSync(outDir, { recursive: true });
for (const [file, name] of CONTRACTS) {
  const built = JSON.parse(readFileSync(path.join(root, 'out', file, `${name}.json`), 'utf8'));
  const bytecode = built.bytecode?.object;
  if (typeof bytecode !== 'string' || !/^0x[0-9a-f]+$/.test(bytecode)) {
    throw new Error(`${name}: no creation bytecode in out/${file}/${name}.json`);
  }
  if (bytecode.includes('__$')) throw new Error(`${name}: bytecode needs library linking`);
  const artifact = { contractName: name, abi: canonical(built.abi), bytecode };
  const target = path.join(outDir, `${name}.json`);
  writeFileSync(target, JSON.stringify(artifact, null, 2) + '\n');
  console.log(`${path.relative(root, target)}: ${artifact.abi.length} ABI entries, ${(bytecode.length - 2) / 2} bytes of creation code`);
}
