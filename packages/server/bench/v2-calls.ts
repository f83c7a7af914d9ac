/**
 * Quick harness for in-process `tools/call` on SDK v2 (issue 12): the official v2
 * Client over the SDK's InMemoryTransport, against a bare v2 McpServer tool that
 * reads the token from `_meta` by hand, and against toolscope's `none`, oauth2
 * opaque and oauth2 jwt (warm cache) tools. It measures and prints; it asserts
 * nothing. The benchmark suites of record live in tools/bench.
 *
 *   pnpm --filter @toolscope/server build && node --import tsx packages/server/bench/v2-calls.ts [scenario]
 *   (it imports the built package, as an application would)
 *   BENCH_CALLS=4000 BENCH_ROUNDS=5   (defaults)
 *   node --cpu-prof --import tsx packages/server/bench/v2-calls.ts opaque   (profile one scenario)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import type { ToolRequirement } from '@toolscope/core';
import { defineMiddleware, type Middleware, registerTools } from '@toolscope/server/v2';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { z } from 'zod';

const CALLS = Number(process.env['BENCH_CALLS'] ?? 4000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const only = process.argv[2];
const RESOURCE = 'https://api.bench.example';
const ISSUER = 'https://issuer.bench.example';
const inputSchema = { type: 'object' as const, properties: { n: { type: 'number' } } };
const result = { content: [{ type: 'text' as const, text: 'ok' }] };

const { privateKey, publicKey } = await generateKeyPair('RS256');
const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
const jwksServer = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
});
await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
const jwksUri = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`;
const token = await new SignJWT({ scope: 'bench:read', client_id: 'bench' })
  .setProtectedHeader({ alg: 'RS256', kid: 'bench', typ: 'at+jwt' })
  .setIssuer(ISSUER)
  .setAudience(RESOURCE)
  .setSubject('user-1')
  .setExpirationTime('1h')
  .sign(privateKey);

async function connected(server: McpServer): Promise<Client> {
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(b);
  return client;
}

function bare(): McpServer {
  const server = new McpServer({ name: 'bare', version: '1.0.0' });
  server.registerTool(
    'work',
    { inputSchema: z.object({ n: z.number().optional() }) },
    (_a, ctx) => {
      const auth = (ctx.mcpReq._meta as { authorization?: { token?: unknown } } | undefined)
        ?.authorization;
      if (auth !== undefined && typeof auth.token !== 'string') throw new TypeError('no token');
      return result;
    },
  );
  return server;
}

const oauth: ToolRequirement = {
  method: 'oauth2',
  requiredScopes: ['bench:read'],
  provider: { id: 'bench', issuer: ISSUER, resource: RESOURCE },
};

function toolscope(
  requirement: ToolRequirement,
  jwt: boolean,
  middleware: readonly Middleware[] = [],
): McpServer {
  const server = new McpServer({ name: 'toolscope', version: '1.0.0' });
  registerTools(
    server,
    [{ definition: { name: 'work', inputSchema, requirement }, handler: () => result }],
    {
      ...(jwt
        ? {
            providers: {
              bench: {
                id: 'bench',
                type: 'oauth2',
                verifier: { kind: 'jwt', jwksUri, algorithms: ['RS256'] },
              },
            },
          }
        : {}),
      middleware,
    },
  );
  return server;
}

/*
 * Calls per second of this process's CPU time (user + system), not of wall
 * time: client and server share the one thread and nothing waits on I/O, so on
 * an idle machine the two agree, and on a shared, loaded one the CPU figure is
 * not inflated by time the process spent descheduled. BENCH_CLOCK=wall for wall time.
 */
const WALL = process.env['BENCH_CLOCK'] === 'wall';
const clock = () => {
  if (WALL) return performance.now();
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function measure(client: Client, withToken: boolean): Promise<number> {
  const start = clock();
  for (let i = 0; i < CALLS; i++) {
    await client.callTool({
      name: 'work',
      arguments: { n: i },
      ...(withToken ? { _meta: { authorization: { method: 'oauth2', token } } } : {}),
    });
  }
  return CALLS / ((clock() - start) / 1000);
}

let seen = 0;
const counting = defineMiddleware(async (ctx) => {
  seen++;
  return ctx.next();
});

const defs: { name: string; server: () => McpServer; token: boolean }[] = [
  { name: 'bare', server: bare, token: false },
  { name: 'bareMeta', server: bare, token: true },
  { name: 'none', server: () => toolscope({ method: 'none' }, false), token: false },
  { name: 'opaque', server: () => toolscope(oauth, false), token: true },
  { name: 'jwtWarm', server: () => toolscope(oauth, true), token: true },
  {
    name: 'opaque+1mw',
    server: () => toolscope(oauth, false, [counting]),
    token: true,
  },
];
const chosen = defs.filter(
  (d) => only === undefined || d.name === only || d.name.startsWith('bare'),
);
const clients = new Map<string, { client: Client; token: boolean }>();
for (const d of chosen) {
  const client = await connected(d.server());
  await measure(client, d.token);
  clients.set(d.name, { client, token: d.token });
}
// Each round measures every scenario once, in a rotated order; a scenario's
// ratio is taken against its baseline in the same round (load drifts between
// rounds on a shared machine), and the median over rounds is reported.
const best = new Map<string, number>();
const ratios = new Map<string, number[]>();
const names = [...clients.keys()];
for (let round = 0; round < ROUNDS; round++) {
  const rates = new Map<string, number>();
  const order = names.map((_, i) => names[(i + round) % names.length] as string);
  for (const name of order) {
    const { client, token: t } = clients.get(name)!;
    const rate = await measure(client, t);
    rates.set(name, rate);
    best.set(name, Math.max(best.get(name) ?? 0, rate));
  }
  for (const [name, rate] of rates) {
    const ref = name === 'none' || name === 'bare' ? 'bare' : 'bareMeta';
    ratios.set(name, [...(ratios.get(name) ?? []), rate / (rates.get(ref) ?? rate)]);
  }
}
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const load = (await import('node:os'))
  .loadavg()
  .map((l) => l.toFixed(2))
  .join(' ');
console.log(
  `${CALLS} sequential calls per scenario and round, ${ROUNDS} rounds, per ${WALL ? 'wall' : 'CPU'} second; load ${load}`,
);
console.log('scenario       best calls/s   median ratio to its baseline in the same round');
for (const name of names) {
  const ref = name === 'none' || name === 'bare' ? 'bare' : 'bareMeta';
  console.log(
    `${name.padEnd(12)} ${Math.round(best.get(name) ?? 0)
      .toString()
      .padStart(9)}/s   ${(median(ratios.get(name) ?? []) * 100).toFixed(1)}% of ${ref}`,
  );
}
if (seen === 0 && clients.has('opaque+1mw')) console.log('middleware never ran?');
for (const { client } of clients.values()) await client.close();
jwksServer.close();
