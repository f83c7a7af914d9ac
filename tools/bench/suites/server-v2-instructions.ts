// In-process tools/call on SDK v2, by instructions executed instead of by time:
// the scenarios of server-v2-isolated.ts (lib/v2-scenario.ts: bare McpServer
// reading the token by hand, a control that is bare again, toolscope none,
// oauth2 opaque, jwt warm), each in a process of its own under valgrind's
// callgrind. After BENCH_ICOUNT_WARM warm-up calls the process makes a block of
// BENCH_ICOUNT_CALLS (N) calls and a block of 3N, each from a collected heap and
// bracketed by two markers (lib/v2-scenario.ts, `count`) at which callgrind
// zeroes its counters and writes them out, so that start-up, module loading,
// the warm-up and exit are not counted at all (counting whole processes, they
// varied by 20–400 million instructions between two identical runs: tsx's loader
// thread, the collector's schedule). The instructions per call are
// (count(3N) − count(N)) / 2N, which cancels what every block costs whatever its
// length: the markers, and in part the code the forced collection drops (optimized
// code holding objects it frees) and the block's first calls compile again; what is
// left of that is why the call-path column, not "all", is the one to judge by.
// Node runs with --single-threaded, so the optimizing compiler (TurboFan) and the
// collector work on the main thread, in the same order every run, instead of on
// helper threads; the compiler stays on (this is production's code, not the
// interpreter's). Only the main thread is counted. The child is lib/v2-scenario.ts
// bundled with esbuild (no tsx, whose loader thread doubles the start-up), and
// every process signs with one RSA key made here (making one costs a varying
// number of instructions). Besides every instruction, the table gives the call
// path alone: without the functions of V8's collector and compiler, whose share
// moves with where a collection or a re-optimization falls.
// What it is not: time. A cache miss, a branch mispredicted or a pause on
// another thread costs no instruction here; the wall-clock suites measure those,
// this one settles a small ratio that their noise cannot.
// BENCH_ICOUNT_REPEAT (default 3) runs every scenario's process that many times
// and judges the median, printing each scenario's spread: processes of one
// scenario differ by up to about 2.5% (the token each signs, and with it which
// functions V8 inlines where, differs between them; 2026-12-02, sixth session).
// BENCH_ICOUNT_JOBS (default: the machine's cores) processes run at a time; a
// count does not depend on the load. BENCH_ICOUNT_ONLY=opaque,jwt counts only
// those scenarios (their `which`) besides the baseline, for a quick before-and-
// after of one path; BENCH_ICOUNT_KEEP=<dir> keeps callgrind's dumps there for
// callgrind_annotate. Without valgrind the suite prints a skip line and exits 0.
// About 45 s per process (3,000 + 2,000 calls under callgrind): with the defaults,
// 15 processes two at a time on two cores, about 7 minutes.
import { execFile, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { loadLine, median, pct, verdict } from '../lib/report.js';
import { PROCESS_SCENARIOS, type ProcessScenario } from '../lib/v2-servers.js';

const here = dirname(fileURLToPath(import.meta.url));
const scenarioSource = join(here, '..', 'lib', 'v2-scenario.ts');
const WARM = Number(process.env['BENCH_ICOUNT_WARM'] ?? 3000);
const N = Number(process.env['BENCH_ICOUNT_CALLS'] ?? 500);
const REPEAT = Math.max(1, Number(process.env['BENCH_ICOUNT_REPEAT'] ?? 3));
const JOBS = Math.max(1, Number(process.env['BENCH_ICOUNT_JOBS'] ?? availableParallelism()));
/** A process under callgrind runs about 100 times slower; one that takes longer than this is stopped. */
const LIMIT_MS = 300_000;
const NODE_FLAGS = ['--single-threaded'];

const only = (process.env['BENCH_ICOUNT_ONLY'] ?? '')
  .split(',')
  .map((w) => w.trim())
  .filter((w) => w !== '');
const unknown = only.filter((w) => !PROCESS_SCENARIOS.some((s) => s.which === w));
if (unknown.length > 0) {
  throw new Error(
    `BENCH_ICOUNT_ONLY names no scenario: ${unknown.join(', ')}; use ${[...new Set(PROCESS_SCENARIOS.map((s) => s.which))].join(', ')}.`,
  );
}
// The baseline always runs (every ratio is to it); a filter keeps the others it names.
const scenarios = PROCESS_SCENARIOS.filter(
  (s, i) => i === 0 || only.length === 0 || (i > 1 && only.includes(s.which)),
);
const keep = process.env['BENCH_ICOUNT_KEEP'];

const valgrind = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
if (valgrind.error !== undefined || valgrind.status !== 0) {
  console.log(
    'server-v2-instructions: skipped, valgrind not found (hint: as root, apt-get install -y valgrind)',
  );
  process.exit(0);
}

const privatePem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

if (keep !== undefined) mkdirSync(keep, { recursive: true });
const out = keep ?? mkdtempSync(join(tmpdir(), 'toolscope-icount-'));
// lib/v2-scenario.ts and lib/v2-servers.ts as one JavaScript file, so that the child
// needs no tsx: tsx's loader runs on a thread of its own and doubles a start-up that
// callgrind makes about 100 times slower. The packages stay imports (node_modules, the
// packages' dist), so the bundle lives in tools/bench/.tmp (gitignored) to find them.
mkdirSync(join(here, '..', '.tmp'), { recursive: true });
const bundleDir = mkdtempSync(join(here, '..', '.tmp', 'icount-'));
process.on('exit', () => {
  if (keep === undefined) rmSync(out, { recursive: true, force: true });
  rmSync(bundleDir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(1));
const child = join(bundleDir, 'v2-scenario.mjs');
buildSync({
  entryPoints: [scenarioSource],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: child,
  logLevel: 'warning',
});

/** Functions of V8's collector and of its optimizing compilers (symbols of the node binary). */
const COLLECTOR =
  /Scaveng|Sweep|MarkCompact|Marking|Evacuat|heap::base|::Heap::|GCTracer|RememberedSet|LiveObject|Compaction|MinorMC|Collector|GlobalHandles::(Iterate|Process|Post)/;
const COMPILER = /v8::internal::(compiler|maglev)::|OptimizedCompilationJob|Pipeline/;

/** One dump of the main thread: all its instructions, and those outside the collector and the compilers. */
interface Block {
  readonly all: number;
  readonly mutator: number;
}

/**
 * Reads a callgrind dump: each `fn=` starts a function's lines, a cost line after
 * `calls=` is a callee's inclusive cost (skipped), any other cost line is the
 * function's own. Names are compressed: `fn=(id) name` the first time, `fn=(id)` after.
 */
function readDump(text: string): Block {
  const names = new Map<string, string>();
  let current = '';
  let callee = false;
  let own = 0;
  let other = 0;
  for (const line of text.split('\n')) {
    const fn = /^(c?)fn=\((\d+)\)(?: (.*))?$/.exec(line);
    if (fn !== null) {
      const [, isCallee, id = '', name] = fn;
      if (name !== undefined) names.set(id, name);
      if (isCallee === '') current = names.get(id) ?? id;
      continue;
    }
    if (line.startsWith('calls=')) {
      callee = true;
      continue;
    }
    if (!/^[\d+*-]/.test(line)) continue;
    const cost = Number(line.split(' ')[1] ?? 0);
    if (callee) {
      callee = false;
      continue;
    }
    own += cost;
    if (COLLECTOR.test(current) || COMPILER.test(current)) other += cost;
  }
  // The summary line is callgrind's own total (the functions' own costs add up to it
  // within a fraction of a percent).
  const all = Number(/^summary: (\d+)/m.exec(text)?.[1] ?? own);
  return { all, mutator: all - other };
}

let processes = 0;

/** One child under valgrind: its exit status, signal, stdout and stderr. */
function run(
  args: readonly string[],
): Promise<{ status: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      'valgrind',
      args,
      {
        cwd: resolve(here, '..'),
        encoding: 'utf8',
        timeout: LIMIT_MS,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, BENCH_JWKS_PRIVATE_KEY: privatePem },
      },
      (error, stdout, stderr) => {
        const failed = error as (Error & { code?: unknown; signal?: unknown }) | null;
        done({
          status: failed === null ? 0 : typeof failed.code === 'number' ? failed.code : null,
          signal: typeof failed?.signal === 'string' ? failed.signal : null,
          stdout,
          stderr,
        });
      },
    );
  });
}

/** The instructions of each measured block of one process (main thread), in order. */
async function blocks(which: string): Promise<{ sizes: number[]; counts: Block[] }> {
  // The run's pid too: a kept folder may hold the dumps of earlier runs.
  const prefix = `${which}-${process.pid}-${++processes}`;
  const r = await run([
    '--tool=callgrind',
    '--separate-threads=yes',
    '--zero-before=uv_os_getpriority',
    '--dump-before=uv_get_free_memory',
    `--callgrind-out-file=${join(out, prefix)}`,
    process.execPath,
    ...NODE_FLAGS,
    '--expose-gc',
    child,
    which,
    String(WARM),
    '1',
    String(N),
    'count',
  ]);
  const line = JSON.parse(r.stdout.trim().split('\n').at(-1) || '{}') as { blocks?: number[] };
  // With --separate-threads one file per dump and thread: <prefix>.<dump>-<thread>; the
  // main thread is 01, and the dump at exit (no .<dump>) is not a block.
  const dumps = readdirSync(out)
    .map((f) => new RegExp(`^${prefix}\\.(\\d+)-01$`).exec(f))
    .filter((m) => m !== null)
    .sort((x, y) => Number(x[1]) - Number(y[1]))
    .map((m) => readDump(readFileSync(join(out, m[0]), 'utf8')));
  const sizes = line.blocks ?? [];
  if (r.status !== 0 || sizes.length === 0 || dumps.length !== sizes.length) {
    throw new Error(
      `v2-scenario ${which} under callgrind failed (status ${r.status}${r.signal ? `, ${r.signal}` : ''}, ${dumps.length} dumps for ${sizes.length} blocks):\n${r.stderr.slice(-2000)}`,
    );
  }
  return { sizes, counts: dumps };
}

/** Instructions per call: the difference of the 3N-call block and the N-call block over 2N. */
async function perCall(which: string): Promise<Block> {
  const { sizes, counts } = await blocks(which);
  const [n = 0, n3 = 0] = sizes;
  const [c, c3] = counts as [Block, Block];
  return { all: (c3.all - c.all) / (n3 - n), mutator: (c3.mutator - c.mutator) / (n3 - n) };
}

console.log(loadLine());
const started = performance.now();
// Every process of every scenario, JOBS at a time, in the order listed.
const queue = scenarios.flatMap((s, i) =>
  Array.from({ length: REPEAT }, () => ({ i, which: s.which })),
);
const runsBy: Block[][] = scenarios.map(() => []);
await Promise.all(
  Array.from({ length: Math.min(JOBS, queue.length) }, async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      (runsBy[next.i] as Block[]).push(await perCall(next.which));
    }
  }),
);
const perCallOf: Block[] = runsBy.map((runs) => ({
  all: median(runs.map((b) => b.all)),
  mutator: median(runs.map((b) => b.mutator)),
}));
const base = perCallOf[0] as Block;
const seconds = (performance.now() - started) / 1000;

const k = (instructions: number) => (instructions / 1000).toFixed(1);
const judged = (s: ProcessScenario, ratio: number) =>
  s.target === undefined ? '' : ` ${verdict(ratio >= s.target)}`;
console.log(
  `\nSDK v2 in-process, instructions per tools/call (valgrind callgrind, main thread; node ${NODE_FLAGS.join(' ')}): one process per scenario, ${WARM} warm-up calls, then blocks of ${N} and ${3 * N} calls, each from a collected heap; per call = (count(${3 * N}) − count(${N})) / ${2 * N}`,
);
console.log(
  'An instruction count, not time: cache misses, mispredicted branches and pauses on other threads cost no instruction here. It complements the wall-clock suites (server-v2.ts, server-v2-isolated.ts), it does not replace them.',
);
console.log(
  '"all": every instruction of the main thread; "call path": without the collector and the optimizing compiler (whose share moves with where a collection or a re-optimization falls).',
);
console.log(
  '| scenario | all, k per call | bare / scenario | call path, k per call | bare / scenario | target (bare / scenario) |',
);
console.log('|---|---:|---:|---:|---:|---|');
scenarios.forEach((s, i) => {
  const own = perCallOf[i] ?? { all: Number.NaN, mutator: Number.NaN };
  const ratio = base.all / own.all;
  const path = base.mutator / own.mutator;
  const target =
    s.target === undefined
      ? ''
      : `≥ ${pct(s.target, 1)} (extra ≤ ${pct(1 / s.target - 1, 1)}): all${judged(s, ratio)}, call path${judged(s, path)}`;
  console.log(
    `| ${s.name} | ${k(own.all)} | ${pct(ratio, 1)} | ${k(own.mutator)} | ${pct(path, 1)} | ${target} |`,
  );
});
const control = scenarios[1]?.which === 'bare' ? perCallOf[1] : undefined;
const within = (x: number) => (Math.abs(x - 1) <= 0.01 ? 'within 1%' : 'MORE than 1% apart');
if (control !== undefined) {
  console.log(
    `control: bare / bare again = ${pct(base.all / control.all, 1)} all (${within(base.all / control.all)}), ${pct(base.mutator / control.mutator, 1)} call path (${within(base.mutator / control.mutator)})`,
  );
}
if (REPEAT > 1) {
  const spread = (values: number[]) =>
    pct((Math.max(...values) - Math.min(...values)) / median(values), 1);
  console.log(`each figure is the median of ${REPEAT} processes (max − min, of the median):`);
  scenarios.forEach((s, i) => {
    const runs = runsBy[i] ?? [];
    console.log(
      `  ${s.name}: all ${runs.map((b) => k(b.all)).join(', ')} (${spread(runs.map((b) => b.all))}); call path ${runs.map((b) => k(b.mutator)).join(', ')} (${spread(runs.map((b) => b.mutator))})`,
    );
  });
}
console.log(`${Math.round(seconds)} s under valgrind; ${loadLine()}`);
