#!/usr/bin/env node
// Type-checks every generated TypeScript package (server and client) with
// TypeScript 7.0, the native compiler teams now get from `npm i typescript`.
// The repo's own `pnpm typecheck` checks the same packages with 5.9.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const tsc = join(here, 'node_modules', 'typescript', 'bin', 'tsc');
const generated = join(root, 'packages', 'generated');

const version = spawnSync(process.execPath, [tsc, '--version'], { encoding: 'utf8' });
if (version.status !== 0) {
  console.error(`ts7: cannot run ${tsc}: ${version.stderr || version.error}`);
  console.error('  hint: run `pnpm install` at the repository root first.');
  process.exit(2);
}
const packages = readdirSync(generated)
  .filter((name) => existsSync(join(generated, name, 'tsconfig.json')))
  .sort();
let failed = 0;
for (const name of packages) {
  const project = join(generated, name, 'tsconfig.json');
  const run = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit'], { encoding: 'utf8' });
  if (run.status === 0) {
    console.log(`ts7: ${name} ok`);
  } else {
    failed++;
    console.error(`ts7: ${name} FAILED\n${run.stdout}${run.stderr}`);
  }
}
console.log(
  `ts7: ${version.stdout.trim()}: ${packages.length - failed} of ${packages.length} generated packages type-check`,
);
process.exit(failed === 0 ? 0 : 1);
