// Streamable HTTP on 127.0.0.1: toolscope's serveHttp next to the SDK's own bare
// handler serving the same tool, each server in its own process, the load from
// another (lib/loadgen.ts: an official client's recorded tools/call, replayed
// from N keep-alive connections, bounded by BENCH_HTTP_SECONDS and a call count).
//
//  1. v2 stateless, 2026-07-28 era: toolscope-v2 (serveHttp, an oauth2 opaque
//     tool) vs bare-v2 (createMcpHandler behind @modelcontextprotocol/node's
//     toNodeHandler, a McpServer tool that reads the token from `_meta`), at
//     1, 32 and 256 clients; rounds alternate the two; ratio = median of the
//     per-round ratios.
//  2. the 2025 era, stateless, v2 and 1.x side by side (the 1.x comparison).
//  3. growth in tools: the same at 32 clients with 100 and 1,000 more tools
//     registered (stateless builds a server per request).
//  4. memory: per open session (session mode, N official-client sessions) and
//     per stateless request in flight (N held calls), heap and RSS deltas
//     after a forced GC in the server process.
import { loadavg } from 'node:os';
import {
  type LoadResult,
  runLoad,
  type ServerProcess,
  startLoad,
  startServer,
} from '../lib/procs.js';
import { gc, int, loadLine, median, pct, verdict } from '../lib/report.js';

const SECONDS = Number(process.env['BENCH_HTTP_SECONDS'] ?? 3);
const ROUNDS = Math.max(1, Number(process.env['BENCH_HTTP_ROUNDS'] ?? 3));
// The 2025-era and growth comparisons run fewer rounds, to keep the whole suite near 4 minutes.
const SIDE_ROUNDS = Math.max(1, Number(process.env['BENCH_HTTP_SIDE_ROUNDS'] ?? 2));
const MAX_CALLS = Number(process.env['BENCH_HTTP_MAX_CALLS'] ?? 30_000);
const CONCURRENCY = (process.env['BENCH_HTTP_CLIENTS'] ?? '1,32,256').split(',').map(Number);
const SESSIONS = (process.env['BENCH_HTTP_SESSIONS'] ?? '10,100,400').split(',').map(Number);
const HELD = Number(process.env['BENCH_HTTP_HELD'] ?? 256);
const GROWTH = (process.env['BENCH_HTTP_GROWTH_TOOLS'] ?? '100,1000').split(',').map(Number);
const only = (process.env['BENCH_HTTP_PARTS'] ?? 'v2,legacy,growth,memory').split(',');

console.log(loadLine());
console.log(
  `each figure: ${SECONDS} s of load (at most ${int(MAX_CALLS)} calls) after 0.5 s of warm-up; server and load generator are separate processes`,
);

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));

interface Row {
  readonly label: string;
  readonly results: LoadResult[];
  readonly ratios: number[];
  readonly loads: number[];
}

/** Alternates the servers (order flipped every round) at one concurrency; the first is the baseline. */
async function compare(
  servers: { label: string; server: ServerProcess }[],
  era: 'modern' | 'legacy',
  clients: number,
  rounds = ROUNDS,
): Promise<Row[]> {
  const rows: Row[] = servers.map((s) => ({ label: s.label, results: [], ratios: [], loads: [] }));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [...rows.keys()] : [...rows.keys()].reverse();
    const rates = new Map<number, number>();
    for (const i of order) {
      const row = rows[i] as Row;
      row.loads.push(loadavg()[0] ?? 0);
      const r = await runLoad({
        url: (servers[i] as { server: ServerProcess }).server.url,
        era,
        clients,
        seconds: SECONDS,
        maxCalls: MAX_CALLS,
      });
      row.results.push(r);
      rates.set(i, r.rate);
    }
    const base = rates.get(0) ?? Number.NaN;
    for (const [i, rate] of rates) rows[i]?.ratios.push(rate / base);
  }
  return rows;
}

interface Group {
  readonly clients: number;
  readonly rows: Row[];
  readonly target?: number | undefined;
}

function table(title: string, groups: Group[]) {
  console.log(`\n### ${title}`);
  console.log(
    '| clients | server | calls/s | p50 ms | p99 ms | vs baseline (median of rounds) | range | load | target |',
  );
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|---|');
  for (const g of groups) {
    g.rows.forEach((row, i) => {
      const m = median(row.ratios);
      const target =
        i === 0 || g.target === undefined ? '' : `≥ ${pct(g.target, 1)}: ${verdict(m >= g.target)}`;
      console.log(
        `| ${g.clients} | ${row.label} | ${int(median(row.results.map((r) => r.rate)))} | ${ms(median(row.results.map((r) => r.p50)))} | ${ms(median(row.results.map((r) => r.p99)))} | ${i === 0 ? 'baseline' : pct(m, 1)} | ${i === 0 ? '' : `${pct(Math.min(...row.ratios), 1)}–${pct(Math.max(...row.ratios), 1)}`} | ${median(row.loads).toFixed(1)} | ${target} |`,
      );
    });
  }
}

async function withServers<T>(
  specs: { label: string; kind: string; mode?: string; extra?: number }[],
  body: (servers: { label: string; server: ServerProcess }[]) => Promise<T>,
): Promise<T> {
  const servers: { label: string; server: ServerProcess }[] = [];
  try {
    for (const s of specs) {
      servers.push({
        label: s.label,
        server: await startServer(s.kind, s.mode ?? 'stateless', s.extra ?? 0),
      });
    }
    return await body(servers);
  } finally {
    for (const s of servers) await s.server.close();
  }
}

const BARE_V2 = 'bare v2: createMcpHandler + toNodeHandler';
const TS_V2 = 'toolscope v2: serveHttp';

if (only.includes('v2')) {
  await withServers(
    [
      { label: BARE_V2, kind: 'bare-v2' },
      { label: TS_V2, kind: 'toolscope-v2' },
    ],
    async (servers) => {
      const groups: Group[] = [];
      for (const clients of CONCURRENCY) {
        gc();
        groups.push({
          clients,
          rows: await compare(servers, 'modern', clients),
          target: clients <= 32 ? 0.97 : undefined,
        });
      }
      table(`SDK v2, stateless, 2026-07-28 era (${ROUNDS} alternated rounds)`, groups);
    },
  );
}

if (only.includes('legacy')) {
  const groups: Group[] = [];
  for (const clients of CONCURRENCY.filter((c) => c <= 32)) {
    await withServers(
      [
        { label: BARE_V2, kind: 'bare-v2' },
        { label: TS_V2, kind: 'toolscope-v2' },
        {
          label: 'bare 1.x: McpServer + StreamableHTTPServerTransport per request',
          kind: 'bare-v1',
        },
        { label: 'toolscope 1.x: serveHttp', kind: 'toolscope-v1' },
      ],
      async (servers) => {
        groups.push({ clients, rows: await compare(servers, 'legacy', clients, SIDE_ROUNDS) });
      },
    );
  }
  table(
    `stateless, 2025 era: v2 and 1.x side by side (${SIDE_ROUNDS} alternated rounds; every ratio is to bare v2)`,
    groups,
  );
}

if (only.includes('growth')) {
  const groups: Group[] = [];
  for (const extra of [0, ...GROWTH]) {
    await withServers(
      [
        { label: `${BARE_V2}, ${extra + 2} tools`, kind: 'bare-v2', extra },
        { label: `${TS_V2}, ${extra + 2} tools`, kind: 'toolscope-v2', extra },
      ],
      async (servers) => {
        groups.push({ clients: 32, rows: await compare(servers, 'modern', 32, SIDE_ROUNDS) });
      },
    );
  }
  table(
    `growth in tools: stateless, 2026-07-28 era, 32 clients, ${SIDE_ROUNDS} alternated rounds`,
    groups,
  );
}

const KiB = (bytes: number) => (bytes / 1024).toFixed(1);

if (only.includes('memory')) {
  console.log(
    '\n### memory per open session (session mode, 2025-era official v2 clients; the first step also holds one-time warm-up, the later ones are the marginal cost)',
  );
  console.log('| server | sessions | heap KiB / session | RSS KiB / session |');
  console.log('|---|---:|---:|---:|');
  for (const [label, kind] of [
    ['bare v2: NodeStreamableHTTPServerTransport per session', 'bare-v2'],
    ['toolscope v2: serveHttp mode session', 'toolscope-v2'],
    ['bare 1.x: StreamableHTTPServerTransport per session', 'bare-v1'],
    ['toolscope 1.x: serveHttp mode session', 'toolscope-v1'],
  ] as const) {
    const server = await startServer(kind, 'session');
    const loads: { send(m: string): void; done: Promise<unknown> }[] = [];
    try {
      let before = (await server.mem()).mem;
      let open = 0;
      for (const target of SESSIONS) {
        const load = startLoad({
          url: server.url,
          mode: 'sessions',
          era: 'legacy',
          sessions: target - open,
        });
        await load.ready;
        loads.push(load);
        const after = (await server.mem()).mem;
        const n = target - open;
        console.log(
          `| ${label} | ${open}→${target} | ${KiB((after.heapUsed - before.heapUsed) / n)} | ${KiB((after.rss - before.rss) / n)} |`,
        );
        before = after;
        open = target;
      }
    } finally {
      for (const l of loads) {
        l.send('done');
        await l.done.catch(() => undefined);
      }
      await server.close();
    }
  }

  console.log(
    `\n### memory per stateless request in flight (${HELD} held calls, 2026-07-28 era; 1.x: 2025 era)`,
  );
  console.log('| server | heap KiB / request | RSS KiB / request |');
  console.log('|---|---:|---:|');
  for (const [label, kind, era] of [
    [BARE_V2, 'bare-v2', 'modern'],
    [TS_V2, 'toolscope-v2', 'modern'],
    ['bare 1.x', 'bare-v1', 'legacy'],
    ['toolscope 1.x: serveHttp', 'toolscope-v1', 'legacy'],
  ] as const) {
    const server = await startServer(kind, 'stateless');
    try {
      // One warm-up round so that lazily built state is not counted per request.
      let held = startLoad({ url: server.url, mode: 'hold', era, clients: 4 });
      while ((await server.mem()).holding < 4) await new Promise((r) => setTimeout(r, 50));
      server.release();
      await held.done;
      const before = (await server.mem()).mem;
      held = startLoad({ url: server.url, mode: 'hold', era, clients: HELD });
      let now = await server.mem();
      const deadline = Date.now() + 30_000;
      while (now.holding < HELD && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        now = await server.mem();
      }
      server.release();
      await held.done;
      console.log(
        `| ${label} | ${KiB((now.mem.heapUsed - before.heapUsed) / now.holding)} | ${KiB((now.mem.rss - before.rss) / now.holding)} |`,
      );
    } finally {
      await server.close();
    }
  }
}
console.log(`\n${loadLine()} (at the end)`);
