#!/usr/bin/env node
// pnpm test:scale — issue 15's deployment, all on 127.0.0.1 with ephemeral
// ports and a temporary folder: Redis (appendonly on), the authorization
// server (in this process, so its grant log can be read), the downstream API
// (canary recorder), 4 stateless MCP server instances behind HAProxy, and 3
// agent processes sharing one Redis vault. Users sign in (the authorization
// starts on one agent and completes on another), then make calls while faults
// are injected; then the invariants are checked and the figures printed.
//
//   --users N --calls N      size (default 100 users, 2000 calls: the CI size)
//   --token-ttl S            access token lifetime in seconds (default 12)
//   --soak-seconds S         afterwards, hold a moderate load this long, sampling RSS and handles
//   --json FILE              also write the figures as JSON
import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type AuthServerHandle, loginHeadless, startAuthServer } from '@toolscope/auth-server';
import { KeyRing } from '@toolscope/client';
import { openRedisVault } from '@toolscope/client/redis';
import { Redis } from 'ioredis';
import { canaryKey, freePort, type ProcessSample } from './common.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '100' },
    calls: { type: 'string', default: '2000' },
    'token-ttl': { type: 'string', default: '12' },
    'soak-seconds': { type: 'string', default: '0' },
    'soak-rate': { type: 'string', default: '40' },
    json: { type: 'string' },
    faults: { type: 'string', default: 'on' },
  },
});
const USERS = Number(args.users);
const CALLS = Number(args.calls);
const TOKEN_TTL_S = Number(args['token-ttl']);
const SOAK_S = Number(args['soak-seconds']);
const SOAK_RATE = Number(args['soak-rate']);
const SKEW_MS = 3_000;
const AGENT_CONCURRENCY = 12;
const MAX_ATTEMPTS = 60;
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const log = (text: string) => console.log(`[scale ${elapsed()}] ${text}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dir = mkdtempSync(join(tmpdir(), 'toolscope-scale-'));
const prefix = `scale:${process.pid}:`;
const canarySecret = randomBytes(32).toString('base64url');
const vaultKeys = `k1:${Buffer.from(KeyRing.generateKey()).toString('base64')}`;
const children = new Set<ChildProcess>();
const warnings: { role: string; name: string; message: string; stack: string }[] = [];
const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  if (!ok) failures.push(what);
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
};

function need(bin: string, pkg: string): string {
  for (const candidate of [`/usr/sbin/${bin}`, `/usr/bin/${bin}`])
    if (existsSync(candidate)) return candidate;
  throw new Error(
    `${bin} not found: apt-get install ${pkg} (node tools/scripts/system-deps.mjs --install)`,
  );
}

// ---- child processes -------------------------------------------------------

interface Node {
  readonly child: ChildProcess;
  request<T>(message: Record<string, unknown>): Promise<T>;
  next(type: string): Promise<Record<string, unknown>>;
}

function startNode(file: string, env: Record<string, string>, role: string): Node {
  const child = fork(join(here, file), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: unknown) => void }
  >();
  const waiters = new Map<string, ((m: Record<string, unknown>) => void)[]>();
  const unclaimed = new Map<string, Record<string, unknown>[]>();
  child.on('message', (message: Record<string, unknown>) => {
    const type = String(message['type']);
    if (type === 'warning') warnings.push(message as never);
    if (type === 'reply') {
      const entry = pending.get(Number(message['id']));
      pending.delete(Number(message['id']));
      if (message['error'] !== undefined) entry?.reject(message['error']);
      else entry?.resolve(message['value']);
      return;
    }
    const list = waiters.get(type);
    if (list !== undefined && list.length > 0) list.shift()!(message);
    else if (type !== 'warning' && type !== 'refreshing') {
      // Kept for a `next` that asks later.
      unclaimed.set(type, [...(unclaimed.get(type) ?? []), message]);
    }
  });
  child.once('exit', () => {
    for (const entry of pending.values())
      entry.reject({ code: 'AGENT_GONE', message: `${role} exited` });
    pending.clear();
  });
  return {
    child,
    request<T>(message: Record<string, unknown>) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        // A killed agent (a fault) can still look alive until its exit event: its IPC
        // channel is then already closed, and a send fails; the job sees AGENT_GONE, as
        // it does for an agent known to be gone, and retries elsewhere.
        if (child.exitCode !== null || child.signalCode !== null || !child.connected) {
          reject({ code: 'AGENT_GONE', message: `${role} exited` });
          return;
        }
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ ...message, id }, (error) => {
          if (error === null || !pending.has(id)) return;
          pending.delete(id);
          reject({ code: 'AGENT_GONE', message: `${role} exited` });
        });
      });
    },
    next(type) {
      const early = unclaimed.get(type)?.shift();
      if (early !== undefined) return Promise.resolve(early);
      return new Promise((resolve, reject) => {
        const list = waiters.get(type) ?? [];
        list.push(resolve);
        waiters.set(type, list);
        child.once('exit', (code, signal) =>
          reject(new Error(`${role} exited (${code ?? signal}) before ${type}`)),
        );
      });
    },
  };
}

function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  return exited;
}

// ---- Redis with persistence ----------------------------------------------

let redisProcess: ChildProcess | undefined;
async function startRedis(port: number): Promise<void> {
  const bin = need('redis-server', 'redis-server');
  const child = spawn(
    bin,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.add(child);
  child.once('exit', () => children.delete(child));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start:\n${out}`)),
      15_000,
    );
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited ${code}:\n${out}`)));
  });
  redisProcess = child;
}

async function stopRedis(): Promise<void> {
  const child = redisProcess!;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM'); // a clean shutdown: Redis flushes the AOF first
  await exited;
}

// ---- HAProxy ---------------------------------------------------------------

let haproxy: ChildProcess | undefined;
function haproxyConfig(lbPort: number, servers: readonly string[]): string {
  const lines = [
    'global',
    '  maxconn 4096',
    `  stats socket ${join(dir, 'haproxy.sock')} mode 600 level admin`,
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout http-keep-alive 30s',
    '  retries 3',
    '  option redispatch',
    // Only a request that never reached a server is retried by the balancer; anything
    // else goes back to the agent as an error it may retry itself.
    '  retry-on conn-failure',
    'frontend mcp',
    `  bind 127.0.0.1:${lbPort}`,
    '  default_backend instances',
    'backend instances',
    '  balance roundrobin',
    ...servers.map((url, i) => {
      const { host } = new URL(url);
      return `  server mcp${i + 1} ${host} check inter 300 fall 2 rise 2`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}

async function startHaproxy(lbPort: number, servers: readonly string[]): Promise<void> {
  const bin = need('haproxy', 'haproxy');
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, haproxyConfig(lbPort, servers));
  execFileSync(bin, ['-c', '-q', '-f', file]);
  const child = spawn(bin, ['-db', '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  haproxy = child;
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = netConnect(lbPort, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    await sleep(50);
  }
  throw new Error('haproxy did not start listening');
}

/** Requests each backend server answered, from HAProxy's stats socket. */
function haproxyStats(): Promise<Record<string, { requests: number; status: string }>> {
  return new Promise((resolve) => {
    const socket = netConnect(join(dir, 'haproxy.sock'));
    let text = '';
    socket.on('connect', () => socket.write('show stat\n'));
    socket.on('data', (c: Buffer) => {
      text += c.toString();
    });
    socket.on('error', () => resolve({}));
    socket.on('close', () => {
      const [header, ...rows] = text.trim().split('\n');
      const names = (header ?? '').replace(/^# /, '').split(',');
      const col = (name: string) => names.indexOf(name);
      const out: Record<string, { requests: number; status: string }> = {};
      for (const row of rows) {
        const f = row.split(',');
        if (f[col('pxname')] !== 'instances' || !String(f[col('svname')]).startsWith('mcp'))
          continue;
        out[f[col('svname')]!] = {
          requests: Number(f[col('stot')]),
          status: String(f[col('status')]),
        };
      }
      resolve(out);
    });
  });
}

// ---- the run ----------------------------------------------------------------

interface Job {
  readonly id: string;
  readonly user: string;
  readonly tool: 'whoami' | 'whoami_key';
  attempts: number;
}

interface Figures {
  users: number;
  calls: number;
  answered: number;
  lost: number;
  mixups: number;
  retries: Record<string, number>;
  [key: string]: unknown;
}

const agents: (Node | undefined)[] = [];
let agentEnv: Record<string, string> = {};
let nextAgent = 0;
function liveAgents(): Node[] {
  return agents.filter(
    (a): a is Node => a !== undefined && a.child.exitCode === null && a.child.signalCode === null,
  );
}
function pickAgent(): Node {
  const live = liveAgents();
  return live[nextAgent++ % live.length]!;
}

async function startAgent(index: number): Promise<Node> {
  const agent = startNode('agent.ts', { ...agentEnv, INSTANCE: String(index) }, `agent ${index}`);
  await agent.next('ready');
  agents[index] = agent;
  return agent;
}

async function main(): Promise<void> {
  log(`users ${USERS}, calls ${CALLS}, access tokens live ${TOKEN_TTL_S} s, folder ${dir}`);
  const redisPort = await freePort();
  await startRedis(redisPort);
  log('redis up');
  const redis = new Redis({ host: '127.0.0.1', port: redisPort, maxRetriesPerRequest: null });

  const downstream = startNode('downstream.ts', { CANARY_SECRET: canarySecret }, 'downstream');
  const downstreamPort = Number((await downstream.next('ready'))['port']);
  const downstreamOrigin = `http://127.0.0.1:${downstreamPort}`;
  log('downstream up');

  const users = Array.from({ length: USERS }, (_, i) => `u${String(i).padStart(4, '0')}`);
  const as: AuthServerHandle = await startAuthServer({
    users: Object.fromEntries(users.map((u) => [u, `${u}-pw`])),
    issuers: [
      {
        id: 'zoom',
        resources: [
          { indicator: downstreamOrigin, scopes: ['meeting:read'], accessTokenTtl: TOKEN_TTL_S },
        ],
        rotateRefreshTokens: false,
      },
    ],
  });
  const issuer = as.issuer('zoom');
  log('auth server up');
  downstream.child.send({
    type: 'configure',
    issuer,
    audience: downstreamOrigin,
    jwksUri: `${issuer}/jwks`,
  });
  await downstream.next('configured');
  log('downstream configured');

  const lbPort = await freePort();
  const lbHost = `127.0.0.1:${lbPort}`;
  const servers: Node[] = [];
  const serverUrls: string[] = [];
  for (let i = 1; i <= 4; i++) {
    const server = startNode(
      'mcp-server.ts',
      { INSTANCE: `mcp${i}`, DOWNSTREAM: downstreamOrigin, ISSUER: issuer, LB_HOST: lbHost },
      `server mcp${i}`,
    );
    servers.push(server);
  }
  for (const server of servers) serverUrls.push(String((await server.next('ready'))['url']));
  log('servers up');
  await startHaproxy(lbPort, serverUrls);
  const mcpUrl = `http://${lbHost}${new URL(serverUrls[0]!).pathname}`;
  log(
    `redis :${redisPort} (appendonly), AS ${as.origin}, downstream :${downstreamPort}, haproxy ${mcpUrl} over ${serverUrls.length} instances`,
  );

  agentEnv = {
    TOOLSCOPE_VAULT_KEYS: vaultKeys,
    REDIS_PORT: String(redisPort),
    PREFIX: prefix,
    ISSUER: issuer,
    DOWNSTREAM: downstreamOrigin,
    MCP_URL: mcpUrl,
    REFRESH_SKEW_MS: String(SKEW_MS),
  };
  await Promise.all([0, 1, 2].map((i) => startAgent(i)));
  log('3 agents up');

  // ---- sign-in: started on one agent, completed on another -------------------
  const signInStart = Date.now();
  let crossInstance = 0;
  const queue = [...users];
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      for (let user = queue.shift(); user !== undefined; user = queue.shift()) {
        const i = users.indexOf(user);
        const a = agents[i % 3]!;
        const b = agents[(i + 1) % 3]!;
        const { url } = await a.request<{ url: string }>({ type: 'start', user });
        const callback = await loginHeadless({
          authorizationUrl: url,
          username: user,
          password: `${user}-pw`,
        });
        await b.request({ type: 'complete', user, callback });
        crossInstance++;
        await agents[(i + 2) % 3]!.request({
          type: 'setKey',
          user,
          key: canaryKey(canarySecret, user),
        });
      }
    }),
  );
  const signInSeconds = (Date.now() - signInStart) / 1000;
  log(
    `${crossInstance} users signed in (each started on one agent, completed on another) in ${signInSeconds.toFixed(1)} s`,
  );

  // The runner's own view of the vault: to age tokens, and to check every record at the end.
  const vault = openRedisVault(redis, KeyRing.parse(vaultKeys), { prefix: `${prefix}vault:` });

  // ---- load, with faults ----------------------------------------------------
  const jobs: Job[] = Array.from({ length: CALLS }, (_, n) => ({
    id: `c${n}`,
    user: users[n % USERS]!,
    tool: n % 2 === 0 ? 'whoami' : 'whoami_key',
    attempts: 0,
  }));
  const retries: Record<string, number> = {};
  const latencies: number[] = [];
  const answeredBy = new Map<string, number>();
  let crossAnswers = 0;
  let answered = 0;
  let doubleAnswers = 0;
  const perInstance: Record<string, number> = {};
  const todo: Job[] = [...jobs];
  const lost: Job[] = [];
  const loadStart = Date.now();
  const faults: { fault: string; at: string; detail: string }[] = [];
  let redisErrors = 0;
  redis.on('error', () => {
    redisErrors++;
  });
  let killedMidRefresh = 0;
  let killedAt = 0;

  const forced: Promise<void>[] = [];
  const runJob = async (job: Job, first?: Node): Promise<void> => {
    for (;;) {
      job.attempts++;
      const agent = job.attempts === 1 && first !== undefined ? first : pickAgent();
      const t0 = performance.now();
      try {
        const value = await agent.request<{
          answer?: Record<string, string>;
          failed?: { code: string };
        }>({
          type: 'call',
          user: job.user,
          tool: job.tool,
          call: job.id,
        });
        if (value.answer !== undefined) {
          if (value.answer['user'] !== job.user || value.answer['call'] !== job.id) crossAnswers++;
          answeredBy.set(job.id, (answeredBy.get(job.id) ?? 0) + 1);
          if (answeredBy.get(job.id)! > 1) doubleAnswers++;
          const instance = value.answer['instance'] ?? '?';
          perInstance[instance] = (perInstance[instance] ?? 0) + 1;
          answered++;
          latencies.push(performance.now() - t0);
          return;
        }
        retries[value.failed!.code] = (retries[value.failed!.code] ?? 0) + 1;
      } catch (error) {
        const code = String((error as { code?: unknown }).code ?? 'UNKNOWN');
        retries[code] = (retries[code] ?? 0) + 1;
      }
      if (job.attempts >= MAX_ATTEMPTS) {
        lost.push(job);
        return;
      }
      await sleep(Math.min(200 * job.attempts, 1_000));
    }
  };

  const workers = (concurrency: number) =>
    Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let job = todo.shift(); job !== undefined; job = todo.shift()) await runJob(job);
      }),
    );
  const progress = () => answered / CALLS;
  const at = async (fraction: number) => {
    while (progress() < fraction && todo.length > 0) await sleep(20);
  };
  const note = (fault: string, detail: string) => {
    faults.push({ fault, at: elapsed(), detail });
    log(`fault: ${fault} — ${detail}`);
  };

  const faultPlan = (async () => {
    if (args.faults === 'off') return;
    await at(0.12);
    await killHard(servers[1]!.child);
    note(
      'server instance SIGKILLed',
      'mcp2 killed mid-load; HAProxy takes it out, agents retry what it dropped',
    );

    await at(0.25);
    const before = await redis.dbsize();
    await stopRedis();
    await sleep(500);
    await startRedis(redisPort);
    await redis.ping();
    const after = await redis.dbsize();
    note(
      'Redis restarted',
      `${before} keys before, ${after} after reload from the append-only file`,
    );

    await at(0.38);
    await as.suspend();
    note('authorization server down', '10 s, connection refused; tokens keep expiring meanwhile');
    await sleep(10_000);
    await as.resume();
    log('authorization server back');

    await at(0.55);
    downstream.child.send({ type: 'slow', ms: 1_500 });
    note('slow upstream', 'downstream answers after 1.5 s for 6 s');
    await sleep(6_000);
    downstream.child.send({ type: 'slow', ms: 0 });

    await at(0.7);
    // Five users' tokens are made to look expired and their calls sent to agent 2,
    // whose refreshes then wait at a slowed token endpoint: it is killed while they do.
    as.setTokenDelay(2_000);
    const victim = agents[2]!;
    let refreshing = 0;
    victim.child.on('message', (m: Record<string, unknown>) => {
      if (m['type'] === 'refreshing') refreshing = Math.max(refreshing, Number(m['count']));
    });
    const victims = users.slice(0, Math.min(5, USERS));
    for (const user of victims) {
      const held = await vault.getTokens(user, 'zoom', downstreamOrigin);
      if (held !== undefined) {
        await vault.putTokens(user, 'zoom', downstreamOrigin, {
          ...held,
          expiresAt: Date.now() - 1,
        });
      }
    }
    forced.push(
      ...victims.map((user, k) =>
        runJob({ id: `forced-${k}`, user, tool: 'whoami', attempts: 0 }, victim),
      ),
    );
    const deadline = Date.now() + 10_000;
    while (refreshing === 0 && Date.now() < deadline) await sleep(10);
    await sleep(300);
    await killHard(victim.child);
    as.setTokenDelay(0);
    killedMidRefresh = refreshing;
    killedAt = Date.now();
    note(
      'agent killed mid-refresh',
      `agent 2 SIGKILLed with ${refreshing} refresh request(s) in flight at a slowed AS; its refresh locks lapse after 5 s, other agents take the calls; a new agent process replaces it`,
    );
    await startAgent(3);
  })();

  await workers(liveAgents().length * AGENT_CONCURRENCY);
  await faultPlan;
  await Promise.all(forced);
  // Work still queued when the fault plan ended (all done by then normally).
  await workers(liveAgents().length * AGENT_CONCURRENCY);
  const loadSeconds = (Date.now() - loadStart) / 1000;
  log(
    `${answered} of ${CALLS} calls answered in ${loadSeconds.toFixed(1)} s (${(answered / loadSeconds).toFixed(0)} calls/s)`,
  );

  // ---- after the faults: everybody again, no sign-in --------------------------
  const after: Job[] = users.flatMap((user) => [
    { id: `after-${user}-t`, user, tool: 'whoami' as const, attempts: 0 },
    { id: `after-${user}-k`, user, tool: 'whoami_key' as const, attempts: 0 },
  ]);
  const answeredBefore = answered;
  todo.push(...after);
  await workers(liveAgents().length * AGENT_CONCURRENCY);
  const afterOk = answered - answeredBefore;
  const sorted = [...latencies].sort((x, y) => x - y);
  const pct = (p: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
  const latency = { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), max: pct(1) };

  // ---- checks ------------------------------------------------------------------
  const samples = await Promise.all(
    liveAgents().map((a) =>
      a.request<{ sample: ProcessSample; signInsAsked: number }>({ type: 'sample' }),
    ),
  );
  const signInsAsked = samples.reduce((n, s) => n + s.signInsAsked, 0);
  const dsStats = (
    (await (async () => {
      const reply = downstream.next('stats');
      downstream.child.send({ type: 'stats' });
      return reply;
    })()) as { stats: Record<string, number> }
  ).stats;

  let vaultOk = 0;
  let vaultBad = 0;
  for (const user of users) {
    try {
      const tokens = await vault.getTokens(user, 'zoom', downstreamOrigin);
      const key = await vault.getApiKey('canary', { userId: user });
      if (tokens?.refreshToken !== undefined && key === canaryKey(canarySecret, user)) vaultOk++;
      else vaultBad++;
    } catch {
      vaultBad++;
    }
  }
  const entryKeys = await redis.keys(`${prefix}vault:entry:*`);
  const vaultKeysCount = entryKeys.length;
  const oauthKeys = entryKeys.filter((k) => k.includes('entry:oauth2:'));
  const recordBytes =
    oauthKeys.length === 0
      ? 0
      : Math.round(
          (await Promise.all(oauthKeys.map((k) => redis.strlen(k)))).reduce((a, b) => a + b, 0) /
            oauthKeys.length,
        );
  const pendingLeft = (await redis.keys(`${prefix}pending:*`)).length;

  // Refreshes per user, from the AS's own log: two successful refreshes of one user
  // closer together than a token's useful life mean it was refreshed twice.
  const grants = as.grantLog('zoom');
  const refreshes = grants.filter((g) => g.grantType === 'refresh_token' && g.ok);
  const failedRefreshes = grants.filter((g) => g.grantType === 'refresh_token' && !g.ok).length;
  const byUser = new Map<string, number[]>();
  for (const g of refreshes)
    byUser.set(g.accountId ?? '?', [...(byUser.get(g.accountId ?? '?') ?? []), g.at]);
  const minGapMs = TOKEN_TTL_S * 1000 - SKEW_MS - 1_000;
  // A double is explained only when its first refresh was the killed agent's: one
  // the AS completed (at most the token delay after the kill) for a process that was gone.
  let doubleRefreshes = 0;
  let unexplainedDoubles = 0;
  for (const times of byUser.values()) {
    for (let i = 1; i < times.length; i++) {
      if (times[i]! - times[i - 1]! >= minGapMs) continue;
      doubleRefreshes++;
      const first = times[i - 1]!;
      if (!(killedAt > 0 && first >= killedAt - 2_500 && first <= killedAt + 2_500))
        unexplainedDoubles++;
    }
  }
  const lb = await haproxyStats();
  const allWarnings = warnings.map((w) => `${w.role}: ${w.name}: ${w.message}`);

  console.log('\n== scale-out run ==');
  console.log(
    `load held: ${answered - afterOk} calls by ${USERS} users through ${serverUrls.length} MCP instances (HAProxy) and ${agents.length} agent processes (3 alive at a time), ${(CALLS / loadSeconds).toFixed(0)} calls/s, in ${loadSeconds.toFixed(1)} s`,
  );
  console.log(`latency of an answered attempt (ms): ${JSON.stringify(latency)}`);
  console.log(
    `answers per instance: ${JSON.stringify(perInstance)}; haproxy: ${JSON.stringify(lb)}`,
  );
  console.log(
    `sign-in: ${crossInstance} users, each started on one agent and completed on another, ${signInSeconds.toFixed(1)} s`,
  );
  console.log(`faults injected and survived (${faults.length}):`);
  for (const f of faults) console.log(`  - at ${f.at}: ${f.fault}: ${f.detail}`);
  console.log(`typed errors the agents retried: ${JSON.stringify(retries)}`);
  console.log(
    `refreshes at the AS: ${refreshes.length} successful (${byUser.size} users), ${failedRefreshes} failed (AS down or slow); refreshes closer than ${minGapMs} ms for one user: ${doubleRefreshes} (allowed: ${killedMidRefresh} in flight at the agent kill)`,
  );
  console.log(
    `downstream: ${dsStats['requests']} requests, ${dsStats['duplicates']} executed twice (retried after a lost answer), ${dsStats['rejected']} rejected credentials`,
  );
  console.log(
    `vault: ${vaultKeysCount} records, an OAuth record is ${recordBytes} bytes on average`,
  );
  console.log(`calls lost: ${lost.length}`);
  console.log(
    `cross-user mix-ups: ${dsStats['mixups']! + dsStats['sharedCredentials']! + crossAnswers}`,
  );
  console.log('checks:');
  check(
    lost.length === 0,
    `calls lost: ${lost.length} (every call answered, retrying typed errors)`,
  );
  check(doubleAnswers === 0, `no call answered twice (${doubleAnswers})`);
  check(
    dsStats['mixups'] === 0,
    `downstream saw no credential of another user than the call's (${dsStats['mixups']})`,
  );
  check(
    dsStats['sharedCredentials'] === 0,
    `no credential seen for two users (${dsStats['sharedCredentials']})`,
  );
  check(crossAnswers === 0, `no answer named another user or call (${crossAnswers})`);
  check(
    doubleRefreshes <= killedMidRefresh && unexplainedDoubles === 0,
    `each expiring token refreshed once across agents (${doubleRefreshes} doubles, all right after the mid-refresh kill: at most ${killedMidRefresh}; others: ${unexplainedDoubles})`,
  );
  check(
    refreshes.length >= USERS,
    `tokens did expire and were refreshed during the run (${refreshes.length} refreshes)`,
  );
  check(
    vaultOk === USERS && vaultBad === 0,
    `vault: ${vaultOk} users' records open intact, ${vaultBad} lost or corrupted`,
  );
  check(
    vaultKeysCount === 2 * USERS,
    `vault holds exactly ${2 * USERS} entries (${vaultKeysCount})`,
  );
  check(pendingLeft === 0, `no pending authorization left behind (${pendingLeft})`);
  check(
    afterOk === after.length && signInsAsked === 0,
    `after the faults every user called again without signing in (${afterOk}/${after.length}, sign-ins asked ${signInsAsked})`,
  );
  if (args.faults !== 'off') check(faults.length === 5, `all 5 faults injected (${faults.length})`);
  log(`runner's Redis connection saw ${redisErrors} connection errors (the restart)`);
  check(
    !allWarnings.some((w) => w.includes('MaxListenersExceeded')),
    'no MaxListenersExceededWarning in any process',
  );
  if (allWarnings.length > 0) console.log(`warnings: ${[...new Set(allWarnings)].join('\n  ')}`);

  const figures: Figures = {
    users: USERS,
    calls: CALLS,
    answered: answered - afterOk,
    lost: lost.length,
    mixups: dsStats['mixups']! + dsStats['sharedCredentials']! + crossAnswers,
    retries,
    loadSeconds,
    callsPerSecond: Math.round(CALLS / loadSeconds),
    signInSeconds,
    latency,
    recordBytes,
    refreshes: refreshes.length,
    doubleRefreshes,
    faults,
    perInstance,
  };

  // ---- soak ---------------------------------------------------------------------
  if (SOAK_S > 0) figures['soak'] = await soak(users, servers, redis);
  if (args.json !== undefined) writeFileSync(args.json, `${JSON.stringify(figures, null, 2)}\n`);
  redis.disconnect();
  await as.close();

  async function soak(soakUsers: readonly string[], mcp: Node[], _redis: Redis) {
    log(`soak: ${SOAK_S} s at ${SOAK_RATE} calls/s`);
    const series: { t: number; agents: ProcessSample[]; servers: ProcessSample[] }[] = [];
    const end = Date.now() + SOAK_S * 1000;
    let n = 0;
    let soakLost = 0;
    let soakAnswered = 0;
    const inflight = new Set<Promise<void>>();
    let nextSample = Date.now();
    while (Date.now() < end) {
      const job: Job = {
        id: `soak${n}`,
        user: soakUsers[n % soakUsers.length]!,
        tool: n % 2 === 0 ? 'whoami' : 'whoami_key',
        attempts: 0,
      };
      n++;
      const before = lost.length;
      const p = runJob(job).then(() => {
        if (lost.length > before) soakLost++;
        else soakAnswered++;
      });
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
      if (Date.now() >= nextSample) {
        nextSample += Math.max(10_000, (SOAK_S * 1000) / 20);
        const liveServers = mcp.filter(
          (s) => s.child.exitCode === null && s.child.signalCode === null,
        );
        const sample = async (node: Node) => {
          const reply = node.next('sample');
          node.child.send({ type: 'sample' });
          return ((await reply) as { sample: ProcessSample }).sample;
        };
        const row = {
          t: Math.round((Date.now() - (end - SOAK_S * 1000)) / 1000),
          agents: await Promise.all(
            liveAgents().map(
              async (a) => (await a.request<{ sample: ProcessSample }>({ type: 'sample' })).sample,
            ),
          ),
          servers: await Promise.all(liveServers.map(sample)),
        };
        series.push(row);
        const fmt = (xs: ProcessSample[]) => xs.map((x) => `${x.rssMb}MB/${x.handles}h`).join(' ');
        log(
          `soak t=${row.t}s answered ${soakAnswered} lost ${soakLost} | agents ${fmt(row.agents)} | servers ${fmt(row.servers)}`,
        );
      }
      await sleep(1000 / SOAK_RATE);
    }
    await Promise.all(inflight);
    const first = series[1] ?? series[0]!;
    const last = series[series.length - 1]!;
    const sum = (xs: ProcessSample[], k: keyof ProcessSample) => xs.reduce((s, x) => s + x[k], 0);
    const growth = (k: keyof ProcessSample, which: 'agents' | 'servers') =>
      sum(last[which], k) - sum(first[which], k);
    console.log('\n== soak ==');
    console.log(
      `${soakAnswered} calls answered, ${soakLost} lost, over ${SOAK_S} s at ${SOAK_RATE} calls/s`,
    );
    console.log(
      't(s)  agents RSS MB (each)        servers RSS MB (each)         handles agents | servers',
    );
    for (const row of series) {
      console.log(
        `${String(row.t).padStart(4)}  ${row.agents
          .map((x) => x.rssMb)
          .join(' ')
          .padEnd(28)} ${row.servers
          .map((x) => x.rssMb)
          .join(' ')
          .padEnd(
            29,
          )} ${row.agents.map((x) => x.handles).join(' ')} | ${row.servers.map((x) => x.handles).join(' ')}`,
      );
    }
    console.log(
      `growth from the second sample to the last: agents RSS ${growth('rssMb', 'agents')} MB, servers RSS ${growth('rssMb', 'servers')} MB, handles ${growth('handles', 'agents')} | ${growth('handles', 'servers')}`,
    );
    check(soakLost === 0, `soak: no call lost (${soakLost})`);
    return { answered: soakAnswered, lost: soakLost, series };
  }
}

async function shutdown(): Promise<void> {
  for (const child of [...children]) await killHard(child);
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The try/finally below only sees what `main` throws. An `error` event no code
 * listens for, a rejection no code awaits, or a signal (Ctrl-C, a CI job's
 * timeout) ends the process without it, and would leave the MCP servers, the
 * downstream, Redis and HAProxy running and holding their ports. Each of those
 * stops every child at once (SIGKILL needs no waiting), removes the run's
 * folder and exits with a failure.
 */
function abortNow(why: string, status: number): never {
  failures.push(why);
  console.error(`\nscale: aborted: ${why}`);
  // killHard sends SIGKILL at once; its promise (the exit event) is not waited for.
  for (const child of children) void killHard(child);
  rmSync(dir, { recursive: true, force: true });
  console.error(`scale: ${failures.length} check(s) failed:\n  ${failures.join('\n  ')}`);
  process.exit(status);
}
process.once('uncaughtException', (error) =>
  abortNow(`uncaught exception: ${error.stack ?? String(error)}`, 1),
);
process.once('unhandledRejection', (reason) =>
  abortNow(`unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`, 1),
);
process.once('SIGINT', () => abortNow('interrupted (SIGINT)', 130));
process.once('SIGTERM', () => abortNow('terminated (SIGTERM)', 143));

try {
  await main();
} catch (error) {
  failures.push(`run aborted: ${(error as Error).stack ?? String(error)}`);
  console.error(error);
} finally {
  void haproxy;
  await shutdown();
}
console.log(
  failures.length === 0
    ? `\nscale: all checks passed (${elapsed()})`
    : `\nscale: ${failures.length} check(s) failed:\n  ${failures.join('\n  ')}`,
);
process.exit(failures.length === 0 ? 0 : 1);
