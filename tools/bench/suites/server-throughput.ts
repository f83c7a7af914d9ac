// In-process tools/call throughput with the official SDK Client over InMemoryTransport:
// a bare SDK server next to toolscope with a none tool, opaque, and jwt (cold and warm cache).
// Token-bearing calls are also compared with a bare server that receives the very same
// request (with `_meta.authorization`) and reads the token by hand: the SDK's own
// parsing of the extra `_meta` is a cost of the protocol, not of toolscope, and this
// second baseline separates the two.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { ToolRequirement } from '@toolscope/core';
import { registerTools, type ToolscopeServerOptions } from '@toolscope/server/v1';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

const CALLS = Number(process.env['BENCH_CALLS'] ?? 4000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const RESOURCE = 'https://api.bench.example';
const ISSUER = 'https://issuer.bench.example';
const inputSchema = { type: 'object' as const, properties: { n: { type: 'number' } } };
const result = { content: [{ type: 'text' as const, text: 'ok' }] };

// A local JWKS server, as a provider would publish it.
const { privateKey, publicKey } = await generateKeyPair('RS256');
const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
const jwksServer = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
});
await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
const jwksUri = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`;
const signToken = (i: number) =>
  new SignJWT({ scope: 'bench:read', client_id: 'bench' })
    .setProtectedHeader({ alg: 'RS256', kid: 'bench', typ: 'at+jwt' })
    .setIssuer(ISSUER)
    .setAudience(RESOURCE)
    .setSubject(`user-${i}`)
    .setExpirationTime('1h')
    .sign(privateKey);

async function connected(server: Server): Promise<Client> {
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(b);
  return client;
}

function bare(): Server {
  const server = new Server({ name: 'bare', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [{ name: 'work', inputSchema }],
  }));
  server.setRequestHandler(CallToolRequestSchema, (request) => {
    // What a hand-written pass-through server does at the least: read the token.
    const auth = (request.params._meta as { authorization?: { token?: unknown } } | undefined)
      ?.authorization;
    if (auth !== undefined && typeof auth.token !== 'string') throw new TypeError('no token');
    return result;
  });
  return server;
}

function toolscope(requirement: ToolRequirement, options: ToolscopeServerOptions = {}): Server {
  const server = new Server({ name: 'toolscope', version: '1.0.0' }, { capabilities: {} });
  registerTools(
    server,
    [{ definition: { name: 'work', inputSchema, requirement }, handler: () => result }],
    options,
  );
  return server;
}

const oauth: ToolRequirement = {
  method: 'oauth2',
  requiredScopes: ['bench:read'],
  provider: { id: 'bench', issuer: ISSUER, resource: RESOURCE },
};
const jwtOptions = (): ToolscopeServerOptions => ({
  providers: {
    bench: {
      id: 'bench',
      type: 'oauth2',
      verifier: { kind: 'jwt', jwksUri, algorithms: ['RS256'] },
    },
  },
});

/** Runs `calls` sequential tools/call requests, each with the token `tokenFor(i)` gives. */
async function measure(client: Client, tokens: readonly string[] | undefined): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < CALLS; i++) {
    const token = tokens?.[i % tokens.length];
    await client.callTool({
      name: 'work',
      arguments: { n: i },
      ...(token === undefined ? {} : { _meta: { authorization: { method: 'oauth2', token } } }),
    });
  }
  return CALLS / ((performance.now() - start) / 1000);
}

// Cold cache: every call carries a token the verifier has not seen (distinct subjects).
const coldTokens = await Promise.all(Array.from({ length: CALLS }, (_, i) => signToken(i)));
const warmToken = [await signToken(-1)];

// Every scenario's client is built once and warmed, so rounds compare steady states;
// jwt cold builds a new verifier (fresh JWKS and result cache) for every round.
const warm = async (client: Client, tokens: readonly string[] | undefined) => {
  await measure(client, tokens);
  return client;
};
const clients = {
  bare: await warm(await connected(bare()), undefined),
  bareMeta: await warm(await connected(bare()), warmToken),
  none: await warm(await connected(toolscope({ method: 'none' })), undefined),
  opaque: await warm(await connected(toolscope(oauth)), warmToken),
  jwtWarm: await warm(await connected(toolscope(oauth, jwtOptions())), warmToken),
};
const scenarios: { name: string; run: () => Promise<number> }[] = [
  { name: 'bare SDK Server', run: () => measure(clients.bare, undefined) },
  {
    name: 'bare SDK Server, same _meta.authorization request',
    run: () => measure(clients.bareMeta, warmToken),
  },
  { name: 'toolscope none', run: () => measure(clients.none, undefined) },
  { name: 'toolscope oauth2 opaque', run: () => measure(clients.opaque, warmToken) },
  {
    name: 'toolscope oauth2 jwt cold',
    run: async () => measure(await connected(toolscope(oauth, jwtOptions())), coldTokens),
  },
  { name: 'toolscope oauth2 jwt warm', run: () => measure(clients.jwtWarm, warmToken) },
];

const best = new Map<string, number>();
for (let round = 0; round < ROUNDS; round++) {
  for (const s of scenarios) {
    (globalThis as { gc?: () => void }).gc?.();
    best.set(s.name, Math.max(best.get(s.name) ?? 0, await s.run()));
  }
}
const baseline = best.get('bare SDK Server')!;
const baselineMeta = best.get('bare SDK Server, same _meta.authorization request')!;
const pct = (rate: number, base: number) => `${((rate / base) * 100).toFixed(1)}%`;
console.log(`${CALLS} sequential tools/call per run, best of ${ROUNDS} rounds`);
console.log('| scenario | calls/s | vs bare | vs bare with the same request |');
console.log('|---|---:|---:|---:|');
for (const [name, rate] of best) {
  const sameRequest = name.includes('oauth2') || name.includes('_meta');
  console.log(
    `| ${name} | ${Math.round(rate)} | ${pct(rate, baseline)} | ${sameRequest ? pct(rate, baselineMeta) : ''} |`,
  );
}
const opaque = best.get('toolscope oauth2 opaque')! / baselineMeta;
const jwtWarm = best.get('toolscope oauth2 jwt warm')! / baselineMeta;
console.log(
  `targets (against the same request): opaque ≥ 95%: ${pct(opaque, 1)} ${opaque >= 0.95 ? 'ok' : 'MISSED'}; jwt warm ≥ 90%: ${pct(jwtWarm, 1)} ${jwtWarm >= 0.9 ? 'ok' : 'MISSED'}`,
);
jwksServer.close();
