// One in-process tools/call scenario on SDK v2, alone in its process (run by
// suites/server-v2-isolated.ts, not by hand): the official v2 Client over the
// SDK's InMemoryTransport against one server, warmed up, then measured in
// blocks. Prints one JSON line: the calls/s of each block, by wall time and by
// the process's CPU time.
//   node --import tsx --expose-gc v2-scenario.ts bare|none|opaque|jwt [warm] [blocks] [block]
// Every scenario that sends a token sends the same RS256 JWT (bare and opaque
// too), so that scenarios differ by the server alone.
import { gc } from './report.js';
import { bareServer, connected, startJwks, toolscopeServer } from './v2-servers.js';

const [which = 'bare', warmArg = '3000', blocksArg = '5', blockArg = '1000'] =
  process.argv.slice(2);
if (which !== 'bare' && which !== 'none' && which !== 'opaque' && which !== 'jwt') {
  throw new Error(`v2-scenario.ts: unknown scenario ${which}; use bare, none, opaque or jwt.`);
}
const jwks = await startJwks();
const token = await jwks.signToken();
const client = await connected(
  which === 'bare' ? bareServer() : toolscopeServer(which, jwks.jwksUri),
);
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
