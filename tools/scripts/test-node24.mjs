#!/usr/bin/env node
// Runs the whole test suite (the README's test command) on Node.js 24 as well
// as on the machine's Node. The one native addon, better-sqlite3, is rebuilt
// against Node 24's headers for the run and its Node-20 build put back after,
// so the workspace stays usable on the machine's Node.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNode24, NODE24_HEADERS } from './node24.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const node24 = ensureNode24();
const binDir = dirname(node24);

const store = join(root, 'node_modules', '.pnpm');
const sqliteDirs = readdirSync(store)
  .filter((d) => d.startsWith('better-sqlite3@'))
  .map((d) => join(store, d, 'node_modules', 'better-sqlite3'));
const addons = sqliteDirs.map((d) => join(d, 'build', 'Release', 'better_sqlite3.node'));
for (const addon of addons) if (existsSync(addon)) copyFileSync(addon, `${addon}.machine-node`);

const env24 = {
  ...process.env,
  PATH: `${binDir}:${process.env.PATH}`,
  npm_config_nodedir: NODE24_HEADERS,
};
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: env24, cwd: root, ...opts });
  return r.status ?? 1;
}

let status = 1;
try {
  for (const dir of sqliteDirs) {
    // node-gyp from npm, against Node 24's own headers: nothing is downloaded.
    const built = run('npx', ['--yes', 'node-gyp@11', 'rebuild', '--release'], { cwd: dir });
    if (built !== 0) throw new Error(`better-sqlite3 did not build for Node 24 in ${dir}`);
  }
  console.log(
    `\n==> tests on ${spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout.trim()}`,
  );
  // --force: the Node 20 run's turbo cache must not stand in for this one.
  status = run('pnpm', ['test', '--force']);
} catch (error) {
  console.error(`test-node24: ${error.message}`);
} finally {
  for (const addon of addons) {
    if (existsSync(`${addon}.machine-node`)) copyFileSync(`${addon}.machine-node`, addon);
  }
}
process.exit(status);
