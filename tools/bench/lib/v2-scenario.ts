// One in-process tools/call scenario on SDK v2, alone in its process (run by
// suites/server-v2-isolated.ts, not by hand): the official v2 Client over the
// SDK's InMemoryTransport against one server, warmed up, then measured in
// blocks. Prints one JSON line: the calls/s of each block, by wall time and by
// the process's CPU time.
//   node --import tsx --expose-gc v2-scenario.ts bare|none|opaque|jwt [warm] [blocks] [block]
// Every scenario that sends a token sends the same RS256 JWT (bare and opaque
// too), so that scenarios differ by the server alone.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import { registerTools } from '@toolscope/server/v2';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { z } from 'zod';
import { gc } from './report.js';

const [which = 'bare', warmArg = '3000', blocksArg = '5', blockArg = '1000'] =
  process.argv.slice(2);
if (!['bare', 'none', 'opaque', 'jwt'].includes(which)) {
  throw new Error(`v2-scenario.ts: unknown scenario ${which}; use bare, none, opaque or jwt.`);
}
const ISSUER = 'https://issuer.bench.example';
const RESOURCE = 'https://api.bench.example';
const result = { content: [{ type: 'text' as const, text: 'ok' }] };

const { privateKey, publicKey } = await generateKeyPair('RS256');
const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
const jwks = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
});
await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
const jwksUri = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`;
const token = await new SignJWT({ scope: 'bench:read', client_id: 'bench' })
  .setProtectedHeader({ alg: 'RS256', kid: 'bench', typ: 'at+jwt' })
  .setIssuer(ISSUER)
  .setAudience(RESOURCE)
  .setSubject('user-1')
  .setExpirationTime('1h')
  .sign(privateKey);

const server = new McpServer({ name: which, version: '1.0.0' });
if (which === 'bare') {
  // The baseline: a plain McpServer tool with a zod input schema that reads the token by hand.
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
                  provider: { id: 'bench', issuer: ISSUER, resource: RESOURCE },
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
const meta = which === 'none' ? {} : { _meta: { authorization: { method: 'oauth2', token } } };

async function calls(n: number): Promise<{ wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const r = await client.callTool({ name: 'work', arguments: { n: i }, ...meta });
    if (r.isError) throw new Error(`the call failed: ${JSON.stringify(r.content)}`);
  }
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { wall: n / seconds, cpu: n / ((used.user + used.system) / 1e6) };
}

await calls(Number(warmArg));
const wall: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < Number(blocksArg); i++) {
  gc();
  const rate = await calls(Number(blockArg));
  wall.push(rate.wall);
  cpu.push(rate.cpu);
}
process.stdout.write(`${JSON.stringify({ which, era: client.getProtocolEra(), wall, cpu })}\n`);
await client.close();
jwks.close();
