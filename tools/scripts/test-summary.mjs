#!/usr/bin/env node
// Reads a test log (turbo running vitest in every package) and prints one
// closing line, "N passed, N failed", summed over every package's vitest summary.
import { readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

const log = stripVTControlCharacters(readFileSync(process.argv[2] ?? 0, 'utf8'));
let passed = 0;
let failed = 0;
let skipped = 0;
let suites = 0;
for (const line of log.split('\n')) {
  const m = /\bTests\s+(.*)\(\d+\)\s*$/.exec(line);
  if (m === null) continue;
  suites++;
  for (const [, n, what] of m[1].matchAll(/(\d+) (passed|failed|skipped|todo)/g)) {
    if (what === 'passed') passed += Number(n);
    else if (what === 'failed') failed += Number(n);
    else skipped += Number(n);
  }
}
console.log(`\n${suites} vitest runs`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && suites > 0 ? 0 : 1);
