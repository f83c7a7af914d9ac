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
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const started = performance.now();
let failed = 0;
for (const suite of suites) {
  const t = performance.now();
  console.log(`\n## ${suite} (load average at start ${load()})`);
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', join(here, 'suites', suite)],
    {
      stdio: 'inherit',
      cwd: join(here, '..', '..'),
    },
  );
  if (r.status !== 0) failed++;
  console.log(
    `(${suite}: ${((performance.now() - t) / 1000).toFixed(0)} s${r.status === 0 ? '' : ', FAILED'})`,
  );
}
console.log(
  `\nbench: ${suites.length} suites in ${((performance.now() - started) / 60000).toFixed(1)} min, load average at the end ${load()}`,
);
if (suites.length === 0) console.log('no suites found');
process.exit(failed === 0 ? 0 : 1);
