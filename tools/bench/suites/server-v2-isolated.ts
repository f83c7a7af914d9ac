// In-process tools/call on SDK v2 with every scenario in a process of its own:
// the same servers and request as server-v2.ts (bare McpServer reading the token
// by hand, toolscope none, oauth2 opaque, jwt warm), but each measured alone in
// a fresh Node process (lib/v2-scenario.ts: BENCH_ISOLATED_WARM warm-up calls,
// then BENCH_ISOLATED_BLOCKS blocks of BENCH_ISOLATED_BLOCK calls, the median
// block kept). One process per scenario per round, in a random order drawn
// afresh each round (BENCH_SEED, as in server-v2.ts), for BENCH_ISOLATED_ROUNDS
// rounds (default 10); each round's ratio to the bare process of the same round
// is kept and the median judged. Why: in one process (server-v2.ts) the servers
// share the SDK's code and each block colours the next; alone in a process,
// each server gets the SDK's code to itself, as it has in production. The
// control (a second bare process) shows what is left of noise.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededShuffle } from '../lib/order.js';
import { loadLine, median, pct, quantile, verdict } from '../lib/report.js';
import { PROCESS_SCENARIOS, type ProcessScenario } from '../lib/v2-servers.js';

const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, '..', 'lib', 'v2-scenario.ts');
const ROUNDS = Number(process.env['BENCH_ISOLATED_ROUNDS'] ?? 10);
const SEED = Number(process.env['BENCH_SEED'] ?? 1);
const shuffled = seededShuffle(SEED);
const WARM = process.env['BENCH_ISOLATED_WARM'] ?? '5000';
const BLOCKS = process.env['BENCH_ISOLATED_BLOCKS'] ?? '5';
const BLOCK = process.env['BENCH_ISOLATED_BLOCK'] ?? '1000';

const scenarios = PROCESS_SCENARIOS;

interface Run {
  readonly wall: number;
  readonly cpu: number;
}
let era = '';
function run(which: string): Run {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', child, which, WARM, BLOCKS, BLOCK],
    { cwd: resolve(here, '..'), encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`v2-scenario ${which} failed:\n${r.stderr.slice(0, 2000)}`);
  const line = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as {
    era: string;
    wall: number[];
    cpu: number[];
  };
  era = line.era;
  return { wall: median(line.wall), cpu: median(line.cpu) };
}

console.log(loadLine());
const wallRatios = scenarios.map((): number[] => []);
const cpuRatios = scenarios.map((): number[] => []);
const best = scenarios.map(() => 0);
for (let round = 0; round < ROUNDS; round++) {
  const runs: Run[] = [];
  // A fresh seeded order each round: with a rotation the control always ran right
  // after the baseline, and one process colours the next (the machine's caches, its
  // frequency, the file cache).
  for (const i of shuffled(scenarios.map((_, index) => index))) {
    runs[i] = run((scenarios[i] as ProcessScenario).which);
  }
  const base = runs[0] as Run;
  runs.forEach((r, i) => {
    wallRatios[i]?.push(r.wall / base.wall);
    cpuRatios[i]?.push(r.cpu / base.cpu);
    best[i] = Math.max(best[i] ?? 0, r.wall);
  });
}

const iqr = (values: readonly number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  return `${pct(quantile(sorted, 0.25), 1)}–${pct(quantile(sorted, 0.75), 1)}`;
};
console.log(
  `\nSDK v2 in-process (${era} era), one process per scenario and round: ${WARM} warm-up calls, median of ${BLOCKS} blocks of ${BLOCK}; ${ROUNDS} rounds, a random order each round (BENCH_SEED=${SEED})`,
);
console.log(
  '| scenario | best calls/s | median ratio to bare (same round) | IQR | by CPU time | target |',
);
console.log('|---|---:|---:|---:|---:|---|');
scenarios.forEach((s, i) => {
  const m = median(wallRatios[i] ?? []);
  console.log(
    `| ${s.name} | ${Math.round(best[i] ?? 0).toLocaleString('en-US')} | ${pct(m, 1)} | ${iqr(wallRatios[i] ?? [])} | ${pct(median(cpuRatios[i] ?? []), 1)} | ${s.target === undefined ? '' : `≥ ${pct(s.target, 1)}: ${verdict(m >= s.target)}`} |`,
  );
});
console.log(loadLine());
