// Profiles one in-process tools/call scenario on SDK v2 (not a suite: run by hand),
//   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof tools/bench/profile/v2-call.ts bare|none|opaque|jwt [calls]
//   (PROFILE_JWT_TOKEN=1: bare and opaque send jwt's token too)
//   node tools/bench/profile/summarize.mjs /tmp/prof 30 'engine/|exposure|redact'
// The official v2 Client over InMemoryTransport, a McpServer with toolscope's
// registerTools: `none` sends no token, `opaque` and `jwt` (a warm cache: one
// RS256 token, verified once) send `_meta.authorization`. `bare` is the
// server-v2 suite's baseline: a plain McpServer tool with a zod input schema
// that reads the token from `_meta` by hand, sent the opaque request.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import { registerTools } from '@toolscope/server/v2';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { z } from 'zod';

const which = process.argv[2] ?? 'opaque';
if (!['bare', 'none', 'opaque', 'jwt'].includes(which)) {
  throw new Error(`v2-call.ts: unknown scenario ${which}; use bare, none, opaque or jwt.`);
}
const server = new McpServer({ name: 't', version: '1' });
const result = { content: [{ type: 'text' as const, text: 'ok' }] };
const issuer = 'https://i.example';
const resource = 'https://r.example';
let token = 'tok-abc';
let jwksServer: ReturnType<typeof createServer> | undefined;
let jwksUri = '';
// With PROFILE_JWT_TOKEN=1 the bare and opaque scenarios send the same RS256 token as
// `jwt` (as the server-v2 suite does), so the profiles differ by the verifier alone.
if (which === 'jwt' || process.env['PROFILE_JWT_TOKEN'] === '1') {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k', alg: 'RS256', use: 'sig' };
  jwksServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => jwksServer?.listen(0, '127.0.0.1', r));
  jwksUri = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`;
  token = await new SignJWT({ scope: 'bench:read' })
    .setProtectedHeader({ alg: 'RS256', kid: 'k', typ: 'at+jwt' })
    .setIssuer(issuer)
    .setAudience(resource)
    .setSubject('user')
    .setExpirationTime('1h')
    .sign(privateKey);
}
if (which === 'bare') {
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
} else {
  registerTools(
    server,
    [
      {
        definition: {
          name: 'work',
          inputSchema: { type: 'object', properties: { n: { type: 'number' } } },
          requirement:
            which === 'none'
              ? { method: 'none' }
              : {
                  method: 'oauth2',
                  requiredScopes: ['bench:read'],
                  provider: { id: 'bench', issuer, resource },
                },
        },
        handler: () => result,
      },
    ],
    which === 'jwt'
      ? {
          providers: {
            bench: {
              id: 'bench',
              type: 'oauth2',
              verifier: { kind: 'jwt', jwksUri, algorithms: ['RS256'] },
            },
          },
        }
      : {},
  );
}
const [a, b] = InMemoryTransport.createLinkedPair();
await server.connect(a);
const client = new Client({ name: 'bench', version: '1.0.0' });
await client.connect(b);
const N = Number(process.argv[3] ?? 20000);
const t = performance.now();
for (let i = 0; i < N; i++) {
  const r = await client.callTool({
    name: 'work',
    arguments: { n: i },
    ...(which === 'none' ? {} : { _meta: { authorization: { method: 'oauth2', token } } }),
  });
  if (r.isError) throw new Error(`the call failed: ${JSON.stringify(r.content)}`);
}
console.log(which, Math.round(N / ((performance.now() - t) / 1000)), 'calls/s');
await client.close();
jwksServer?.close();
