// Issue 15: an authorization started on one agent process completes on another,
// after the first was killed, because the pending authorization lives in Redis.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  type AuthServerHandle,
  loginHeadless,
  startAuthServer,
  TEST_CLIENT_ID,
  TEST_REDIRECT_URI,
} from '@toolscope/auth-server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { KeyRing } from '../vault/key-ring.js';
import { openRedisVault } from '../vault/redis.js';

const ZOOM_API = 'https://api.zoom.example';
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const prefix = `pr:${process.pid}:${Date.now()}:`;
const keys = `k1:${Buffer.from(KeyRing.generateKey()).toString('base64')}`;
let as: AuthServerHandle;
let redis: Redis;
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  as = await startAuthServer({
    issuers: [{ id: 'zoom', resources: [{ indicator: ZOOM_API, scopes: ['meeting:read'] }] }],
  });
  redis = new Redis({ host: '127.0.0.1', port: inject('redisPort') });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  const left = await redis.keys(`${prefix}*`);
  if (left.length > 0) await redis.del(...left);
  redis.disconnect();
  await as.close();
});

/** An agent process; `ask` sends one command line and resolves its one JSON answer. */
async function agentProcess() {
  const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'pending-child.ts')], {
    cwd: packageRoot,
    env: {
      ...process.env,
      TOOLSCOPE_VAULT_KEYS: keys,
      REDIS_PORT: String(inject('redisPort')),
      PREFIX: prefix,
      ISSUER: as.issuer('zoom'),
      CLIENT_ID: TEST_CLIENT_ID,
      REDIRECT_URI: TEST_REDIRECT_URI,
      RESOURCE: ZOOM_API,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const line = await lines.next();
    if (line.done) throw new Error(`agent process ended: ${stderr}`);
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  await next();
  return {
    child,
    ask(line: string) {
      child.stdin.write(`${line}\n`);
      return next();
    },
  };
}

it('an authorization started on agent A, killed, completes on agent B; the state works once', async () => {
  const a = await agentProcess();
  const started = (await a.ask('start alice')) as { start: { url: string; state: string } };
  expect(started.start.url).toContain(as.issuer('zoom'));
  const exited = new Promise((resolve) => a.child.once('exit', resolve));
  a.child.kill('SIGKILL');
  await exited;

  // What Redis holds is sealed: neither the state nor the PKCE verifier shows.
  const pendingKeys = await redis.keys(`${prefix}pending:*`);
  expect(pendingKeys).toHaveLength(1);
  const stored = (await redis.get(pendingKeys[0]!))!;
  expect(pendingKeys[0]).not.toContain(started.start.state);
  expect(stored).not.toContain(started.start.state);
  expect(stored).not.toContain('alice');
  expect(await redis.pttl(pendingKeys[0]!)).toBeGreaterThan(0);

  const callback = await loginHeadless({
    authorizationUrl: started.start.url,
    username: 'alice',
    password: 'alice-password',
  });
  const [b, c] = await Promise.all([agentProcess(), agentProcess()]);
  // Another user cannot redeem alice's state, and does not burn it either.
  expect(await c.ask(`complete bob ${callback}`)).toEqual({ error: 'OAUTH_FLOW_FAILED' });
  // B and C race on the same callback: exactly one of them completes it.
  const answers = await Promise.all([
    b.ask(`complete alice ${callback}`),
    c.ask(`complete alice ${callback}`),
  ]);
  const won = answers.filter((x) => 'outcome' in x);
  expect(won).toHaveLength(1);
  expect(won[0]).toMatchObject({ outcome: { provider: 'zoom', scopes: ['meeting:read'] } });
  expect(answers.filter((x) => 'error' in x)).toEqual([{ error: 'OAUTH_FLOW_FAILED' }]);
  expect(await redis.keys(`${prefix}pending:*`)).toEqual([]);

  const vault = openRedisVault(redis, KeyRing.parse(keys), { prefix: `${prefix}vault:` });
  const tokens = await vault.getTokens('alice', 'zoom', ZOOM_API);
  expect(tokens?.refreshToken).toBeTypeOf('string');
  expect(as.tokenRequests('zoom')['authorization_code']).toBe(1);
}, 60_000);
