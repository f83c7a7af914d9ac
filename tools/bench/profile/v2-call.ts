// Profiles one in-process tools/call scenario on SDK v2 (not a suite: run by hand),
//   node --import tsx tools/bench/profile/v2-call.ts bare|none|opaque|jwt [calls] [profile dir]
//   (PROFILE_JWT_TOKEN=1: bare and opaque send jwt's token too)
//   node tools/bench/profile/summarize.mjs /tmp/prof 30 'engine/|exposure|redact'
// The official v2 Client over InMemoryTransport, a McpServer with toolscope's
// registerTools: `none` sends no token, `opaque` and `jwt` (a warm cache: one
// RS256 token, verified once) send `_meta.authorization`. `bare` is the
// server-v2 suite's baseline: a plain McpServer tool with a zod input schema
// that reads the token from `_meta` by hand, sent the opaque request.
// The CPU profile covers the measured calls only (after PROFILE_WARMUP calls,
// default 5,000): the start-up (module loading, compiling, the JWKS fetch) is not in it.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { bareServer, connected, type Jwks, startJwks, toolscopeServer } from '../lib/v2-servers.js';

const which = process.argv[2] ?? 'opaque';
if (which !== 'bare' && which !== 'none' && which !== 'opaque' && which !== 'jwt') {
  throw new Error(`v2-call.ts: unknown scenario ${which}; use bare, none, opaque or jwt.`);
}
let token = 'tok-abc';
let jwks: Jwks | undefined;
// With PROFILE_JWT_TOKEN=1 the bare and opaque scenarios send the same RS256 token as
// `jwt` (as the server-v2 suite does), so the profiles differ by the verifier alone.
if (which === 'jwt' || process.env['PROFILE_JWT_TOKEN'] === '1') {
  jwks = await startJwks();
  token = await jwks.signToken();
}
const client = await connected(
  which === 'bare' ? bareServer() : toolscopeServer(which, jwks?.jwksUri),
);
const run = async (calls: number) => {
  for (let i = 0; i < calls; i++) {
    const r = await client.callTool({
      name: 'work',
      arguments: { n: i },
      ...(which === 'none' ? {} : { _meta: { authorization: { method: 'oauth2', token } } }),
    });
    if (r.isError) throw new Error(`the call failed: ${JSON.stringify(r.content)}`);
  }
};
await run(Number(process.env['PROFILE_WARMUP'] ?? 5000));
const N = Number(process.argv[3] ?? 20000);
const dir = process.argv[4];
const session = new Session();
if (dir !== undefined) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const cpu = process.cpuUsage();
const t = performance.now();
await run(N);
const wall = (performance.now() - t) / 1000;
const used = process.cpuUsage(cpu);
if (dir !== undefined) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(join(dir, `${which}-${process.pid}.cpuprofile`), JSON.stringify(profile));
  session.disconnect();
}
console.log(
  which,
  Math.round(N / wall),
  'calls/s,',
  Math.round(((used.user + used.system) / N) * 10) / 10,
  'CPU µs per call',
);
await client.close();
jwks?.close();
