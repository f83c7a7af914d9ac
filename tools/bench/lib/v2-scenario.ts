// One in-process tools/call scenario on SDK v2, alone in its process (run by
// suites/server-v2-isolated.ts, not by hand): the official v2 Client over the
// SDK's InMemoryTransport against one server, warmed up, then measured in
// blocks. Prints one JSON line: the calls/s of each block, by wall time and by
// the process's CPU time.
//   node --import tsx --expose-gc v2-scenario.ts bare|none|opaque|jwt [warm] [blocks] [block]
// With a fifth argument `count` (suites/server-v2-instructions.ts, under valgrind's
// callgrind), the third and fourth are `pairs` and `n`: after the same warm-up it
// makes `pairs` times a block of n calls and a block of 3n, each from a collected
// heap (as the timed blocks) and with no clock read, and brackets every block
// with two markers the suite tells callgrind to watch: os.getPriority() (libuv's uv_os_getpriority:
// zero the counters) before it, os.freemem() (uv_get_free_memory: write them out)
// after it. Node calls neither of these by itself. It prints the block sizes.
// Every scenario that sends a token sends the same RS256 JWT (bare and opaque
// too), so that scenarios differ by the server alone.
import { freemem, getPriority } from 'node:os';
import { gc } from './report.js';
import { bareServer, connected, startJwks, toolscopeServer } from './v2-servers.js';

const [which = 'bare', warmArg = '3000', blocksArg = '5', blockArg = '1000', mode = 'timed'] =
  process.argv.slice(2);
if (which !== 'bare' && which !== 'none' && which !== 'opaque' && which !== 'jwt') {
  throw new Error(`v2-scenario.ts: unknown scenario ${which}; use bare, none, opaque or jwt.`);
}
if (mode !== 'timed' && mode !== 'count') {
  throw new Error(`v2-scenario.ts: unknown mode ${mode}; use count, or leave it out.`);
}
// The instruction-count suite passes one key to every process (see startJwks).
const jwks = await startJwks(process.env['BENCH_JWKS_PRIVATE_KEY']);
const token = await jwks.signToken();
const client = await connected(
  which === 'bare' ? bareServer() : toolscopeServer(which, jwks.jwksUri),
);
const meta = which === 'none' ? {} : { _meta: { authorization: { method: 'oauth2', token } } };

async function untimed(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await client.callTool({ name: 'work', arguments: { n: i }, ...meta });
    if (r.isError) throw new Error(`the call failed: ${JSON.stringify(r.content)}`);
  }
}

async function calls(n: number): Promise<{ wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await untimed(n);
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { wall: n / seconds, cpu: n / ((used.user + used.system) / 1e6) };
}

if (mode === 'count') {
  await untimed(Number(warmArg));
  const n = Number(blockArg);
  const blocks: number[] = [];
  for (let i = 0; i < Number(blocksArg); i++) blocks.push(n, 3 * n);
  for (const size of blocks) {
    gc();
    getPriority();
    await untimed(size);
    freemem();
  }
  process.stdout.write(`${JSON.stringify({ which, era: client.getProtocolEra(), blocks })}\n`);
} else {
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
}
await client.close();
jwks.close();
