// Scale-out (issue 15) at full size, then a soak: runs tools/scale's
// deployment (Redis with appendonly, the authorization server, 4 stateless
// MCP instances behind HAProxy, 3 agent processes on one Redis vault) with
// 1,000 users and 20,000 calls while the five faults are injected, then holds
// a moderate load for 10 minutes printing RSS and open handles over time.
// Its baseline is the same deployment's own first soak sample: flat means the
// last sample is where the second one was. BENCH_SCALE_USERS, BENCH_SCALE_CALLS,
// BENCH_SCALE_SOAK_SECONDS and BENCH_SCALE_SOAK_RATE size it down.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const env = process.env;
const args = [
  '--import',
  'tsx',
  join('tools', 'scale', 'src', 'run.ts'),
  '--users',
  env['BENCH_SCALE_USERS'] ?? '1000',
  '--calls',
  env['BENCH_SCALE_CALLS'] ?? '20000',
  '--soak-seconds',
  env['BENCH_SCALE_SOAK_SECONDS'] ?? '600',
  '--soak-rate',
  env['BENCH_SCALE_SOAK_RATE'] ?? '10',
];
const run = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(run.status ?? 1);
