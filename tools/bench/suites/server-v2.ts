// In-process tools/call throughput on SDK v2 (`@modelcontextprotocol/server` and
// `@modelcontextprotocol/client` 2.x): the official v2 Client over the SDK's
// InMemoryTransport, against
//   - a bare v2 McpServer tool (zod input schema) that reads the token from
//     `ctx.mcpReq._meta` by hand, sent the very same request (the baseline),
//   - toolscope's registerTools on a v2 McpServer: a `none` tool, oauth2 opaque,
//     oauth2 jwt with a warm cache and with a cold one.
// Rounds alternate between scenarios; each round's ratio to the baseline of the
// same round is kept, and the median of those ratios is the figure judged (the
// best round's calls/s is printed beside it).
// jwt cold is also reported as µs per verification: toolscope's verifier
// (createToolTokenVerifier) against jose's own jwtVerify with a remote JWKS set,
// on the same fresh tokens, alternated.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import type { ToolRequirement } from '@toolscope/core';
import { createToolTokenVerifier } from '@toolscope/server';
import { registerTools, type ToolscopeServerOptions } from '@toolscope/server/v2';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { gc, int, loadLine, median, pct, verdict } from '../lib/report.js';

const CALLS = Number(process.env['BENCH_CALLS'] ?? 4000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);
const VERIFICATIONS = Number(process.env['BENCH_VERIFICATIONS'] ?? 1000);
const RESOURCE = 'https://api.bench.example';
const ISSUER = 'https://issuer.bench.example';
const inputSchema = { type: 'object' as const, properties: { n: { type: 'number' } } };
const result = { content: [{ type: 'text' as const, text: 'ok' }] };

console.log(loadLine());

// A local JWKS server, as a provider would publish it.
const { privateKey, publicKey } = await generateKeyPair('RS256');
const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
const jwksServer = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
});
await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
const jwksUri = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`;
let serial = 0;
const signToken = () =>
  new SignJWT({ scope: 'bench:read', client_id: 'bench' })
    .setProtectedHeader({ alg: 'RS256', kid: 'bench', typ: 'at+jwt' })
    .setIssuer(ISSUER)
    .setAudience(RESOURCE)
    .setSubject(`user-${serial++}`)
    .setExpirationTime('1h')
    .sign(privateKey);
const freshTokens = (n: number) => Promise.all(Array.from({ length: n }, signToken));

async function connected(server: McpServer): Promise<Client> {
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  // The 2025 initialize handshake: v2 serves the 2026-07-28 era only through its serving
  // entries (createMcpHandler, serveStdio), so the http-v2 suite measures that era.
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(b);
  return client;
}

/** The bare v2 server: a plain McpServer tool that reads the token from `_meta` by hand. */
function bare(): McpServer {
  const server = new McpServer({ name: 'bare', version: '1.0.0' });
  server.registerTool(
    'work',
    { inputSchema: z.object({ n: z.number().optional() }) },
    (_args, ctx) => {
      const auth = (ctx.mcpReq._meta as { authorization?: { token?: unknown } } | undefined)
        ?.authorization;
      if (auth !== undefined && typeof auth.token !== 'string') throw new TypeError('no token');
      return result;
    },
  );
  return server;
}

function toolscope(requirement: ToolRequirement, options: ToolscopeServerOptions = {}): McpServer {
  const server = new McpServer({ name: 'toolscope', version: '1.0.0' });
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

/** `calls` sequential tools/call requests, token i % tokens.length on call i; calls/s. */
async function measure(client: Client, tokens: readonly string[] | undefined): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < CALLS; i++) {
    const token = tokens?.[i % tokens.length];
    const r = await client.callTool({
      name: 'work',
      arguments: { n: i },
      ...(token === undefined ? {} : { _meta: { authorization: { method: 'oauth2', token } } }),
    });
    if (r.isError) throw new Error(`the call failed: ${JSON.stringify(r.content)}`);
  }
  return CALLS / ((performance.now() - start) / 1000);
}

const warmToken = [await signToken()];
const warm = async (client: Client, tokens: readonly string[] | undefined) => {
  await measure(client, tokens);
  return client;
};
const clients = {
  bare: await warm(await connected(bare()), warmToken),
  none: await warm(await connected(toolscope({ method: 'none' })), undefined),
  opaque: await warm(await connected(toolscope(oauth)), warmToken),
  jwtWarm: await warm(await connected(toolscope(oauth, jwtOptions())), warmToken),
};
const era = clients.bare.getProtocolEra();

type Scenario = { name: string; run: () => Promise<number>; target?: number };
const scenarios: Scenario[] = [
  {
    name: 'bare v2 McpServer, token read from _meta by hand',
    run: () => measure(clients.bare, warmToken),
  },
  { name: 'toolscope none', run: () => measure(clients.none, undefined), target: 0.97 },
  { name: 'toolscope oauth2 opaque', run: () => measure(clients.opaque, warmToken), target: 0.97 },
  {
    name: 'toolscope oauth2 jwt warm',
    run: () => measure(clients.jwtWarm, warmToken),
    target: 0.93,
  },
  {
    name: 'toolscope oauth2 jwt cold (a new token every call)',
    run: async () => {
      const tokens = await freshTokens(CALLS);
      return measure(await connected(toolscope(oauth, jwtOptions())), tokens);
    },
  },
];
const [baseline] = scenarios as [Scenario];

const best = new Map<string, number>();
const ratios = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  const rates = new Map<string, number>();
  for (const s of scenarios) {
    gc();
    const rate = await s.run();
    rates.set(s.name, rate);
    best.set(s.name, Math.max(best.get(s.name) ?? 0, rate));
  }
  const base = rates.get(baseline.name) ?? Number.NaN;
  for (const [name, rate] of rates) ratios.set(name, [...(ratios.get(name) ?? []), rate / base]);
}

console.log(
  `SDK v2 in-process (${era} era), ${CALLS} sequential tools/call per run, ${ROUNDS} alternated rounds`,
);
console.log('| scenario | best calls/s | median ratio to bare (same round) | range | target |');
console.log('|---|---:|---:|---:|---|');
for (const s of scenarios) {
  const r = ratios.get(s.name) ?? [];
  const m = median(r);
  console.log(
    `| ${s.name} | ${int(best.get(s.name) ?? 0)} | ${pct(m, 1)} | ${pct(Math.min(...r), 1)}–${pct(Math.max(...r), 1)} | ${s.target === undefined ? '' : `≥ ${pct(s.target, 1)}: ${verdict(m >= s.target)}`} |`,
  );
}

// jwt cold, per verification: toolscope's verifier vs jose's jwtVerify on the same tokens.
const target = { providerId: 'bench', issuer: ISSUER, audience: RESOURCE };
const joseKeys = createRemoteJWKSet(new URL(jwksUri));
const joseOptions = {
  issuer: ISSUER,
  audience: RESOURCE,
  algorithms: ['RS256'],
  typ: 'at+jwt',
};
await jwtVerify(warmToken[0] as string, joseKeys, joseOptions);
const perVerification = { toolscope: [] as number[], jose: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  const tokens = await freshTokens(VERIFICATIONS);
  const verify = createToolTokenVerifier({ kind: 'jwt', jwksUri, algorithms: ['RS256'] }, target);
  await verify(warmToken[0] as string, { tool: 'work' }); // its JWKS fetched, as jose's is
  gc();
  let t = performance.now();
  for (const token of tokens) await verify(token, { tool: 'work' });
  perVerification.toolscope.push(((performance.now() - t) * 1000) / VERIFICATIONS);
  gc();
  t = performance.now();
  for (const token of tokens) await jwtVerify(token, joseKeys, joseOptions);
  perVerification.jose.push(((performance.now() - t) * 1000) / VERIFICATIONS);
}
const ts = median(perVerification.toolscope);
const jo = median(perVerification.jose);
const coldCall = 1e6 / (best.get(scenarios[4]?.name ?? '') ?? Number.NaN);
const warmCall = 1e6 / (best.get(scenarios[3]?.name ?? '') ?? Number.NaN);
console.log(
  `\njwt cold, ${VERIFICATIONS} fresh RS256 tokens per round, median of ${ROUNDS} rounds (jose's jwtVerify is the limit):`,
);
console.log('| per verification | µs | vs jose |');
console.log('|---|---:|---:|');
console.log(`| jose jwtVerify (remote JWKS set, warmed) | ${jo.toFixed(1)} | 100% |`);
console.log(`| toolscope createToolTokenVerifier (jwt) | ${ts.toFixed(1)} | ${pct(ts, jo)} |`);
console.log(
  `| a whole tools/call, jwt cold − jwt warm (best rounds) | ${(coldCall - warmCall).toFixed(1)} | ${pct(coldCall - warmCall, jo)} |`,
);
console.log(loadLine());
jwksServer.close();
for (const c of Object.values(clients)) await c.close();
