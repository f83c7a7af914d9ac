// Token vault get and put throughput, side by side in one run: in-memory (the
// baseline: encryption only), SQLite (WAL file) and Redis (a redis-server this
// suite starts on a free loopback port). Every put seals two secrets with
// AES-256-GCM and every get opens them, so the baseline shows the crypto cost.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { KeyRing, MemoryVaultStore, TokenVault } from '@toolscope/client';
import { openRedisVault } from '@toolscope/client/redis';
import { openSqliteVault } from '@toolscope/client/sqlite';

const OPS = Number(process.env['BENCH_VAULT_OPS'] ?? 4000);
const USERS = 500;
const CONCURRENCY = 32;
const ROUNDS = 5;
const keys = new KeyRing([{ kid: 'bench', key: KeyRing.generateKey() }]);
const tokens = {
  accessToken: 'a'.repeat(800), // about the size of a JWT access token
  refreshToken: 'r'.repeat(43),
  scopes: ['meeting:read', 'meeting:write'],
  expiresAt: Date.now() + 3_600_000,
};

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const address = probe.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise((r) => probe.close(r));
  return port;
}

async function startRedis() {
  const bin = process.env['REDIS_SERVER_BIN'] ?? '/usr/bin/redis-server';
  if (!existsSync(bin)) {
    throw new Error(
      `redis-server not found at ${bin}: apt-get install redis-server, or set REDIS_SERVER_BIN`,
    );
  }
  const port = await freePort();
  const child = spawn(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/** Runs `op` OPS times with the given concurrency; returns ops/s (best of ROUNDS). */
async function measure(op: (i: number) => Promise<unknown>, concurrency: number): Promise<number> {
  let best = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < OPS) await op(next++);
      }),
    );
    best = Math.max(best, OPS / ((performance.now() - start) / 1000));
  }
  return best;
}

const dir = mkdtempSync(join(tmpdir(), 'toolscope-bench-vault-'));
const redis = await startRedis();
const vaults: Array<[string, TokenVault]> = [
  ['memory (baseline)', new TokenVault(new MemoryVaultStore(), keys)],
  ['sqlite (WAL file)', openSqliteVault(join(dir, 'vault.db'), keys)],
  ['redis (loopback)', openRedisVault(redis.url, keys, { prefix: 'bench:' })],
];

const rows: Array<{ name: string; figures: number[] }> = [];
try {
  for (const [name, vault] of vaults) {
    const put = (i: number) =>
      vault.putTokens(`user-${i % USERS}`, 'zoom', 'https://api.zoom.example', tokens);
    const get = (i: number) =>
      vault.getTokens(`user-${i % USERS}`, 'zoom', 'https://api.zoom.example');
    await measure(put, 1); // warm-up, and fills every key the gets read
    rows.push({
      name,
      figures: [
        await measure(put, 1),
        await measure(get, 1),
        await measure(put, CONCURRENCY),
        await measure(get, CONCURRENCY),
      ],
    });
    await vault.close();
  }
} finally {
  redis.stop();
  rmSync(dir, { recursive: true, force: true });
}

const baseline = rows[0]!.figures;
const headers = [
  'vault',
  'put ops/s',
  'get ops/s',
  `put ops/s ×${CONCURRENCY}`,
  `get ops/s ×${CONCURRENCY}`,
];
const table = rows.map(({ name, figures }) => [
  name,
  ...figures.map(
    (f, i) => `${Math.round(f).toLocaleString('en-US')} (${(f / baseline[i]!).toFixed(2)}×)`,
  ),
]);
const widths = headers.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
const line = (cells: string[]) =>
  `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
console.log(
  `${OPS} ops per measurement, best of ${ROUNDS}; ${USERS} users; ×${CONCURRENCY} = that many in flight`,
);
console.log('');
console.log(line(headers));
console.log(
  `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
);
for (const row of table) console.log(line(row));
console.log('\nRatios are against the in-memory baseline (the same encryption, no storage).');
