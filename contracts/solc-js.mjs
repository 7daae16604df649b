#!/usr/bin/env node
// A stand-in for the native `solc` binary, backed by solc-js (the `solc` npm package pinned in package.json).
//
// Forge cannot download a native solc here, so it is pointed at this script with `--use ./solc-js.mjs`. Forge only
// needs two things from a compiler binary:
//   solc --version                       -> "solc, the solidity compiler commandline interface\nVersion: X.Y.Z+commit.H.Platform"
//   solc [flags] --standard-json < in    -> standard-JSON output on stdout
// Every other flag forge passes (--allow-paths, --base-path, --include-path, ...) is accepted; the path flags feed the
// import callback, which forge rarely needs because it inlines every source into the standard-JSON input.

import { createRequire } from 'node:module';
import { readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, 'package.json'));
const solc = require('solc');

/** Parses argv into flags; `--flag value` and `--flag=value` both work, repeated flags accumulate. */
function parseArgs(argv) {
  const withValue = new Set(['--allow-paths', '--base-path', '--include-path', '--output-dir', '-o']);
  const flags = new Map();
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    } else if (withValue.has(arg) && i + 1 < argv.length) {
      value = argv[++i];
    }
    if (arg.startsWith('-')) {
      if (!flags.has(arg)) flags.set(arg, []);
      if (value !== undefined) flags.get(arg).push(value);
    } else {
      positional.push(arg);
    }
  }
  return { flags, positional };
}

/** Native solc prints its platform in the version; solc-js says Emscripten.clang. Forge only parses the semver. */
function nativeStyleVersion() {
  return solc.version().replace(/\.Emscripten\.clang$/, '.Linux.g++');
}

function readStdin() {
  return readFileSync(0, 'utf8');
}

/** Import callback: tries the path as given, then relative to each base/include/allowed path and the cwd. */
function makeImportResolver(flags) {
  const roots = [];
  for (const p of flags.get('--base-path') ?? []) roots.push(p);
  for (const p of flags.get('--include-path') ?? []) roots.push(p);
  for (const list of flags.get('--allow-paths') ?? []) for (const p of list.split(',')) if (p) roots.push(p);
  roots.push(process.cwd());
  return (importPath) => {
    const candidates = path.isAbsolute(importPath) ? [importPath] : roots.map((r) => path.resolve(r, importPath));
    for (const candidate of candidates) {
      try {
        if (existsSync(candidate) && statSync(candidate).isFile()) {
          return { contents: readFileSync(candidate, 'utf8') };
        }
      } catch {
        // unreadable candidate: try the next one
      }
    }
    return { error: `File not found: ${importPath} (searched ${roots.join(', ')})` };
  };
}

function main() {
  const { flags } = parseArgs(process.argv.slice(2));

  if (flags.has('--version')) {
    process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${nativeStyleVersion()}\n`);
    return 0;
  }

  if (flags.has('--standard-json')) {
    const input = readStdin();
    const output = solc.compile(input, { import: makeImportResolver(flags) });
    process.stdout.write(output);
    process.stdout.write('\n');
    return 0;
  }

  if (flags.has('--help') || flags.has('-h')) {
    process.stdout.write('usage: solc-js.mjs --version | --standard-json [--base-path P] [--include-path P] [--allow-paths P,...] < input.json\n');
    return 0;
  }

  process.stderr.write(`solc-js.mjs: unsupported invocation: ${process.argv.slice(2).join(' ')}\n`);
  return 1;
}

process.exitCode = main();
