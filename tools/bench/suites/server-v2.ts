// In-process tools/call throughput on SDK v2 (`@modelcontextprotocol/server` and
// `@modelcontextprotocol/client` 2.x): the official v2 Client over the SDK's
// InMemoryTransport, against
//   - a bare v2 McpServer tool (zod input schema) that reads the token from
//     `ctx.mcpReq._meta` by hand, sent the very same request (the baseline),
//   - a second, identical bare server (the control: what the method reads
//     between two equal servers),
//   - toolscope's registerTools on a v2 McpServer: a `none` tool, oauth2 opaque,
//     oauth2 jwt with a warm cache and with a cold one.
// The scenarios run in short blocks (BENCH_BLOCK calls, default 300), one block
// each per round, in a random order drawn afresh each round (seeded), for many rounds
// (until BENCH_SECONDS, default 60, or BENCH_ROUNDS, default 400). Each round's
// ratio to the baseline block of the same round is kept; the figure judged is
// the median of those ratios of wall-clock calls/s, printed with their
// interquartile range, and the same ratio of calls per CPU-second of the
// process beside it. Every block starts from a collected heap. A short block
// hits a GC pause or a burst of another process's load in one round, not in a
// whole scenario, and the median shrugs it off.
// jwt cold is also reported as µs per verification: toolscope's verifier
// (createToolTokenVerifier) against jose's own jwtVerify with a remote JWKS set,
// on the same fresh tokens, alternated in blocks the same way.
import { performance } from 'node:perf_hooks';
import type { Client } from '@modelcontextprotocol/client';
import { createToolTokenVerifier } from '@toolscope/server';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { seededShuffle } from '../lib/order.js';
import { gc, int, loadLine, median, pct, quantile, verdict } from '../lib/report.js';
import {
  bareServer,
  connected,
  ISSUER,
  RESOURCE,
  startJwks,
  toolscopeServer,
} from '../lib/v2-servers.js';

const BLOCK = Number(process.env['BENCH_BLOCK'] ?? 300);
/** jwt cold needs a freshly signed token per call, so its blocks are shorter. */
const COLD_BLOCK = Number(process.env['BENCH_COLD_BLOCK'] ?? 40);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 60);
const MAX_ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 400);
const MIN_ROUNDS = Math.min(MAX_ROUNDS, 20);
const VERIFY_BLOCK = Number(process.env['BENCH_VERIFY_BLOCK'] ?? 100);
const VERIFY_ROUNDS = Number(process.env['BENCH_VERIFY_ROUNDS'] ?? 40);

console.log(loadLine());

// A local JWKS server, as a provider would publish it.
const jwks = await startJwks();
const { jwksUri, signToken } = jwks;
const freshTokens = (n: number) => Promise.all(Array.from({ length: n }, signToken));

/** A block's throughput: calls per second of wall time and per second of the process's CPU time. */
interface Rate {
  readonly wall: number;
  readonly cpu: number;
}

/** `calls` sequential tools/call requests, token i % tokens.length on call i. */
async function measure(
  client: Client,
  tokens: readonly string[] | undefined,
  calls: number,
): Promise<Rate> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < calls; i++) {
    const token = tokens?.[i % tokens.length];
    const r = await client.callTool({
      name: 'work',
      arguments: { n: i },
      ...(token === undefined ? {} : { _meta: { authorization: { method: 'oauth2', token } } }),
    });
    if (r.isError) throw new Error(`the call failed: ${JSON.stringify(r.content)}`);
  }
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { wall: calls / wall, cpu: calls / ((used.user + used.system) / 1e6) };
}

const warmToken = [await signToken()];
const warm = async (client: Client, tokens: readonly string[] | undefined) => {
  await measure(client, tokens, 2000);
  return client;
};
// The order the servers are built and warmed in: of two equal servers in one process the
// one built first can be measured faster (see BENCHMARKS.md), so BENCH_BUILD_ORDER=reverse
// builds the baseline last.
const builders = {
  bare: async () => warm(await connected(bareServer()), warmToken),
  bareAgain: async () => warm(await connected(bareServer()), warmToken),
  none: async () => warm(await connected(toolscopeServer('none')), undefined),
  opaque: async () => warm(await connected(toolscopeServer('opaque')), warmToken),
  jwtWarm: async () => warm(await connected(toolscopeServer('jwt', jwksUri)), warmToken),
  // One server for every cold block: each call brings a token its cache has never seen.
  jwtCold: async () =>
    warm(await connected(toolscopeServer('jwt', jwksUri)), await freshTokens(200)),
};
const BUILD_ORDER = process.env['BENCH_BUILD_ORDER'] === 'reverse' ? 'reverse' : 'forward';
const buildNames = Object.keys(builders) as (keyof typeof builders)[];
if (BUILD_ORDER === 'reverse') buildNames.reverse();
const built = new Map<keyof typeof builders, Client>();
for (const name of buildNames) built.set(name, await builders[name]());
const clientOf = (name: keyof typeof builders) => built.get(name) as Client;
const clients = {
  bare: clientOf('bare'),
  bareAgain: clientOf('bareAgain'),
  none: clientOf('none'),
  opaque: clientOf('opaque'),
  jwtWarm: clientOf('jwtWarm'),
  jwtCold: clientOf('jwtCold'),
};
const era = clients.bare.getProtocolEra();

type Scenario = {
  name: string;
  /** Signs what the next block needs (outside the timed part). */
  prepare?: () => Promise<void>;
  run: () => Promise<Rate>;
  target?: number;
};
let coldTokens: string[] = [];
const scenarios: Scenario[] = [
  {
    name: 'bare v2 McpServer, token read from _meta by hand',
    run: () => measure(clients.bare, warmToken, BLOCK),
  },
  {
    // The control: a second, identical bare server. Its ratio is what the method itself reads
    // between two equal servers (bias and noise); a toolscope figure is judged against 100%,
    // but read it next to this one.
    name: 'control: a second bare v2 McpServer, same code',
    run: () => measure(clients.bareAgain, warmToken, BLOCK),
  },
  { name: 'toolscope none', run: () => measure(clients.none, undefined, BLOCK), target: 0.97 },
  {
    name: 'toolscope oauth2 opaque',
    run: () => measure(clients.opaque, warmToken, BLOCK),
    target: 0.97,
  },
  {
    name: 'toolscope oauth2 jwt warm',
    run: () => measure(clients.jwtWarm, warmToken, BLOCK),
    target: 0.93,
  },
  {
    name: `toolscope oauth2 jwt cold (a new token every call, blocks of ${COLD_BLOCK})`,
    prepare: async () => {
      coldTokens = await freshTokens(COLD_BLOCK);
    },
    run: () => measure(clients.jwtCold, coldTokens, COLD_BLOCK),
  },
];
const [baseline, control] = scenarios as [Scenario, Scenario];

const SEED = Number(process.env['BENCH_SEED'] ?? 1);
const shuffled = seededShuffle(SEED);

const wallRates = new Map<string, number[]>(scenarios.map((s) => [s.name, []]));
const wallRatios = new Map<string, number[]>(scenarios.map((s) => [s.name, []]));
const cpuRatios = new Map<string, number[]>(scenarios.map((s) => [s.name, []]));
const cpuRates = new Map<string, number[]>(scenarios.map((s) => [s.name, []]));
const pairRatios = new Map<string, number[]>(scenarios.map((s) => [s.name, []]));
const callsStarted = performance.now();
let rounds = 0;
while (
  rounds < MAX_ROUNDS &&
  (rounds < MIN_ROUNDS || performance.now() - callsStarted < SECONDS * 1000)
) {
  // A fresh random order every round (seeded): with an order that only rotates, each
  // scenario always runs right after the same one, and the block before colours the next
  // (the control, always right after the baseline, read 85–94%; moved elsewhere in the
  // cycle, 96–109%). Shuffled, no scenario keeps a neighbour.
  const order = shuffled(scenarios);
  const round = new Map<string, Rate>();
  for (const s of order) {
    await s.prepare?.();
    // Every block starts from a collected heap: a block does not pay for the garbage of the one before.
    gc();
    round.set(s.name, await s.run());
  }
  const base = round.get(baseline.name);
  const pair = ((base?.wall ?? Number.NaN) + (round.get(control.name)?.wall ?? Number.NaN)) / 2;
  for (const [name, rate] of round) {
    pairRatios.get(name)?.push(rate.wall / pair);
    wallRates.get(name)?.push(rate.wall);
    cpuRates.get(name)?.push(rate.cpu);
    wallRatios.get(name)?.push(rate.wall / (base?.wall ?? Number.NaN));
    cpuRatios.get(name)?.push(rate.cpu / (base?.cpu ?? Number.NaN));
  }
  rounds++;
}
const callSeconds = (performance.now() - callsStarted) / 1000;

/** The interquartile range of a list of ratios, as percentages. */
const iqr = (values: readonly number[]): string => {
  const sorted = [...values].sort((a, b) => a - b);
  return `${pct(quantile(sorted, 0.25), 1)}–${pct(quantile(sorted, 0.75), 1)}`;
};
console.log(
  `SDK v2 in-process (${era} era): servers built ${BUILD_ORDER === 'reverse' ? 'in reverse (baseline last)' : 'baseline first'}; ${rounds} rounds in ${callSeconds.toFixed(0)} s, each one block per scenario ` +
    `(${BLOCK} sequential tools/call; jwt cold ${COLD_BLOCK}), in a random order each round (BENCH_SEED=${SEED}); ${loadLine()}`,
);
console.log(
  'Judged: the median of the per-round ratios of wall-clock calls/s to the bare server; beside it the same ratio of calls per CPU-second of the process (all its threads, GC helpers included), and the wall-clock ratio to the mean of both bare servers (the control reads below 100% when the first-built server is favoured).',
);
console.log(
  '| scenario | median calls/s | median ratio to bare (same round) | interquartile range | median calls per CPU-s | ratio, CPU | interquartile range | ratio to both bare servers | target |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
for (const s of scenarios) {
  const c = cpuRatios.get(s.name) ?? [];
  const w = wallRatios.get(s.name) ?? [];
  const m = median(w);
  console.log(
    `| ${s.name} | ${int(median(wallRates.get(s.name) ?? []))} | ${pct(m, 1)} | ${iqr(w)} | ${int(median(cpuRates.get(s.name) ?? []))} | ${pct(median(c), 1)} | ${iqr(c)} | ${pct(median(pairRatios.get(s.name) ?? []), 1)} | ${s.target === undefined ? '' : `≥ ${pct(s.target, 1)}: ${verdict(m >= s.target)}`} |`,
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
const verify = createToolTokenVerifier({ kind: 'jwt', jwksUri, algorithms: ['RS256'] }, target);
await verify(warmToken[0] as string, { tool: 'work' }); // its JWKS fetched, as jose's is
const perVerification = { toolscope: [] as number[], jose: [] as number[], ratio: [] as number[] };
const timeBlock = async (tokens: readonly string[], one: (t: string) => Promise<unknown>) => {
  const t = performance.now();
  for (const token of tokens) await one(token);
  return ((performance.now() - t) * 1000) / tokens.length;
};
for (let round = 0; round < VERIFY_ROUNDS; round++) {
  // Tokens toolscope's cache has never seen; jose keeps no cache, so it gets the same ones.
  const tokens = await freshTokens(VERIFY_BLOCK);
  gc();
  const ours = () => timeBlock(tokens, (t) => verify(t, { tool: 'work' }));
  const theirs = () => timeBlock(tokens, (t) => jwtVerify(t, joseKeys, joseOptions));
  let ts: number;
  let jo: number;
  if (round % 2 === 0) {
    ts = await ours();
    jo = await theirs();
  } else {
    jo = await theirs();
    ts = await ours();
  }
  perVerification.toolscope.push(ts);
  perVerification.jose.push(jo);
  perVerification.ratio.push(ts / jo);
}
const ts = median(perVerification.toolscope);
const jo = median(perVerification.jose);
const coldName = scenarios[5]?.name ?? '';
const warmName = scenarios[4]?.name ?? '';
const coldCall = 1e6 / median(cpuRates.get(coldName) ?? []);
const warmCall = 1e6 / median(cpuRates.get(warmName) ?? []);
console.log(
  `\njwt cold, ${VERIFY_BLOCK} fresh RS256 tokens per block, ${VERIFY_ROUNDS} rounds alternating which goes first (jose's jwtVerify is the limit):`,
);
console.log(
  '| per verification | median µs | vs jose (median of per-round ratios) | interquartile range |',
);
console.log('|---|---:|---:|---:|');
console.log(`| jose jwtVerify (remote JWKS set, warmed) | ${jo.toFixed(1)} | 100% | |`);
console.log(
  `| toolscope createToolTokenVerifier (jwt) | ${ts.toFixed(1)} | ${pct(median(perVerification.ratio), 1)} | ${iqr(perVerification.ratio)} |`,
);
console.log(
  `| a whole tools/call, jwt cold − jwt warm (CPU time, median rates) | ${(coldCall - warmCall).toFixed(1)} | ${pct(coldCall - warmCall, jo)} | |`,
);
console.log(loadLine());
jwks.close();
for (const c of Object.values(clients)) await c.close();
