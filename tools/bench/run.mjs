#!/usr/bin/env node
// Runs every benchmark suite in suites/ (or the ones named on the command line)
// one after another, each in its own process so that one suite's heap and JIT
// state cannot colour another's figures. Suites print their own tables.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const suites = readdirSync(join(here, 'suites'))
  .filter((f) => /\.(m?js|ts)$/.test(f))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
console.log(
  `toolscope bench · node ${process.version} · ${os.cpus().length} × ${cpu} · ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
);
let failed = 0;
for (const suite of suites) {
  console.log(`\n## ${suite}`);
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', join(here, 'suites', suite)],
    {
      stdio: 'inherit',
      cwd: join(here, '..', '..'),
    },
  );
  if (r.status !== 0) failed++;
}
if (suites.length === 0) console.log('no suites found');
process.exit(failed === 0 ? 0 : 1);
