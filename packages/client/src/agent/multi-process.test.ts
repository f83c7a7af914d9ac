import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AuthServerHandle,
  startAuthServer,
  TEST_CLIENT_ID,
  TEST_REDIRECT_URI,
} from '@toolscope/auth-server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { KeyRing } from '../vault/key-ring.js';
import { openRedisVault } from '../vault/redis.js';
import { openSqliteVault } from '../vault/sqlite.js';
import { createAgent } from './agent.js';

const ZOOM_API = 'https://api.zoom.example';
const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, '..', '..');
const prefix = `mp:${process.pid}:${Date.now()}:`;
const keys = `k1:${Buffer.from(KeyRing.generateKey()).toString('base64')}`;
let as: AuthServerHandle;
let redis: Redis;

beforeAll(async () => {
  as = await startAuthServer({
    issuers: [{ id: 'zoom', resources: [{ indicator: ZOOM_API, scopes: ['meeting:read'] }] }],
  });
  redis = new Redis({ host: '127.0.0.1', port: inject('redisPort') });
});

afterAll(async () => {
  const left = await redis.keys(`${prefix}*`);
  if (left.length > 0) await redis.del(...left);
  redis.disconnect();
  await as.close();
});

interface AgentProcess {
  readonly ready: Promise<void>;
  readonly hashes: Promise<string[]>;
  go(): void;
}

function runAgent(): AgentProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'refresh-child.ts')], {
    cwd: packageRoot,
    env: {
      ...process.env,
      TOOLSCOPE_VAULT_KEYS: keys,
      REDIS_PORT: String(inject('redisPort')),
      VAULT_PREFIX: prefix,
      ISSUER: as.issuer('zoom'),
      CLIENT_ID: TEST_CLIENT_ID,
      REDIRECT_URI: TEST_REDIRECT_URI,
      RESOURCE: ZOOM_API,
      USER_ID: 'alice',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    if (out.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const hashes = new Promise<string[]>((resolve, reject) => {
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.slice('ready\n'.length)) as string[])
        : reject(new Error(`agent exited ${code}: ${err}`)),
    );
  });
  return { ready, hashes, go: () => child.stdin.write('go\n') };
}

it('two agent processes sharing Redis refresh once between them', async () => {
  const vault = openRedisVault(redis, KeyRing.parse(keys), { prefix });
  const granted = await as.issueToken({
    issuer: 'zoom',
    user: 'alice',
    scopes: ['meeting:read'],
    resource: ZOOM_API,
  });
  await vault.putTokens('alice', 'zoom', ZOOM_API, {
    accessToken: granted.access_token,
    refreshToken: granted.refresh_token,
    scopes: ['meeting:read'],
    expiresAt: Date.now() - 1000,
  });
  const before = as.tokenRequests('zoom')['refresh_token'] ?? 0;
  const agents = [runAgent(), runAgent()];
  await Promise.all(agents.map((a) => a.ready));
  // Both processes start their five concurrent requests at the same moment.
  for (const a of agents) a.go();
  const [a, b] = await Promise.all(agents.map((x) => x.hashes));
  expect((as.tokenRequests('zoom')['refresh_token'] ?? 0) - before).toBe(1);
  const stored = (await vault.getTokens('alice', 'zoom', ZOOM_API))!;
  const expected = createHash('sha256').update(stored.accessToken).digest('hex');
  expect([...a!, ...b!]).toEqual(Array(10).fill(expected));
  expect(stored.accessToken).not.toBe(granted.access_token);
}, 60_000);

it('two agents on separate connections to one SQLite file refresh once between them', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'ts-mp-')), 'vault.db');
  const ring = KeyRing.parse(keys);
  const granted = await as.issueToken({
    issuer: 'zoom',
    user: 'bob',
    scopes: ['meeting:read'],
    resource: ZOOM_API,
  });
  const vaults = [openSqliteVault(file, ring), openSqliteVault(file, ring)];
  await vaults[0]!.putTokens('bob', 'zoom', ZOOM_API, {
    accessToken: granted.access_token,
    refreshToken: granted.refresh_token,
    scopes: ['meeting:read'],
    expiresAt: Date.now() - 1000,
  });
  // Each agent has its own in-process single-flight map: only the file's lock table joins them.
  const agents = vaults.map((vault) =>
    createAgent({
      client: {
        callTool: () => Promise.reject(new Error('not used')),
        listTools: () => Promise.resolve({ tools: [] }),
      },
      vault,
      allowPrivateNetwork: true,
      providers: {
        zoom: {
          type: 'oauth2',
          issuer: as.issuer('zoom'),
          clientId: TEST_CLIENT_ID,
          redirectUri: TEST_REDIRECT_URI,
          resource: ZOOM_API,
        },
      },
    }),
  );
  await Promise.all(agents.map((a) => a.oauthProvider('zoom').metadata()));
  const before = as.tokenRequests('zoom')['refresh_token'] ?? 0;
  const requirement = { method: 'oauth2', requiredScopes: [], provider: { id: 'zoom' } } as const;
  const tokens = await Promise.all(
    agents.flatMap((a) =>
      Array.from({ length: 5 }, () => a.forUser('bob').getToken({ tool: 't', requirement })),
    ),
  );
  expect((as.tokenRequests('zoom')['refresh_token'] ?? 0) - before).toBe(1);
  expect(new Set(tokens).size).toBe(1);
  expect(tokens[0]).not.toBe(granted.access_token);
  for (const vault of vaults) await vault.close();
});
