// How generating and type-checking grow with the number of tools: synthetic sets
// of 100, 1,000 and 5,000 tools (tools/synth, 50 tools per toolset) through
// `toolscope generate`, then `tsc --noEmit` of the generated server + client
// packages with TypeScript 5.9 (the repo's) and 7.0 (tools/ts7). The baseline is
// @hey-api/openapi-ts 0.95 on the same operations (one OpenAPI 3.1 document from
// tools/synth), generating its fetch SDK, type-checked by the same two compilers
// with the same compiler options (COMPARED_OPTIONS: strict, skipLibCheck, no emit).
// toolscope's packages are also checked with their own generated tsconfig
// (the one their `typecheck` script and an editor use: exactOptionalPropertyTypes,
// noUncheckedIndexedAccess; `declaration` is only in tsconfig.build.json). Those
// rows are printed beside the compared ones, not judged.
// Each child process runs under GNU time (CPU and peak RSS of its whole tree);
// figures are medians of BENCH_GROWTH_RUNS (default 3; 1 at 5,000 tools).
// The growth exponent b in t ≈ c·n^b between two sizes says what is linear
// (b ≈ 1), what is dominated by fixed costs (b < 1) and what grows faster (b > 1).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticOpenApi, writeSyntheticManifests } from '../../synth/synth.js';
import { type Measured, measure, runNode } from '../lib/child.js';
import { loadLine } from '../lib/report.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
// Under tools/bench, so that the generated packages resolve @toolscope/* from its node_modules.
const work = join(here, '..', '.tmp', 'codegen-growth');
const cli = join(repo, 'packages/cli/dist/bin.js');
const require = createRequire(import.meta.url);
const tsc5 = require.resolve('typescript/bin/tsc', { paths: [join(repo, 'packages/codegen')] });
const tsc7 = join(repo, 'tools/ts7/node_modules/typescript/bin/tsc');
const openapiTs = join(here, '../node_modules/@hey-api/openapi-ts/dist/run.mjs');
const SIZES = (process.env['BENCH_GROWTH_SIZES'] ?? '100,1000,5000').split(',').map(Number);
const RUNS = Math.max(1, Number(process.env['BENCH_GROWTH_RUNS'] ?? 3));
const runsFor = (tools: number) => (tools >= 5000 ? 1 : RUNS);
// openapi-ts grows much faster than linearly (at 5,000 operations it used over 6 min of
// CPU and 2.4 GB on this machine without finishing): each of its runs is stopped
// after this many seconds, and the figure printed as a lower bound, to keep the
// whole bench bounded.
const PEER_LIMIT = Number(process.env['BENCH_GROWTH_PEER_LIMIT_S'] ?? 90);

/** The compiler options both generators' output is checked with (the peer's tsconfig). */
const COMPARED_OPTIONS = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  lib: ['ES2023', 'DOM', 'DOM.Iterable'],
  types: [],
};

const s = (m: Measured) => `${(m.ms / 1000).toFixed(2)} s`;
const cell = (m: Measured) =>
  m.timedOut
    ? `> ${s(m)} (stopped; CPU > ${(m.cpuMs / 1000).toFixed(2)} s, ≥ ${m.rssMiB.toFixed(0)} MiB)`
    : `${s(m)} (CPU ${(m.cpuMs / 1000).toFixed(2)} s, ${m.rssMiB.toFixed(0)} MiB)${m.ok ? '' : ' ✗'}`;

interface Row {
  readonly tools: number;
  readonly generate: Measured;
  readonly peerGenerate: Measured;
  readonly check5: Measured;
  readonly check7: Measured;
  readonly own5: Measured;
  readonly own7: Measured;
  readonly peerCheck5: Measured;
  readonly peerCheck7: Measured;
  readonly profile: string;
}

async function sized(tools: number): Promise<Row> {
  const toolsets = Math.max(1, Math.round(tools / 50));
  const size = { toolsets, toolsPerToolset: 50 };
  const runs = runsFor(tools);
  const dir = join(work, String(tools));
  const manifests = join(dir, 'manifests');
  await writeSyntheticManifests(manifests, size);
  const out = join(dir, 'generated');
  const args = (target: string, extra: string[] = []) => [
    cli,
    'generate',
    manifests,
    '--out',
    target,
    '--scope',
    '@synth',
    '--quiet',
    ...extra,
  ];
  // Every run writes into a directory that never held the files (see codegen-scale.ts).
  let fresh = 0;
  const generate = await measure(runs, () =>
    runNode(args(join(dir, `fresh-${++fresh}`), ['--profile']), dir),
  );
  runNode(args(out), dir);
  const include = [];
  for (let i = 0; i < toolsets; i++) include.push(`synth-${i}-server/src`, `synth-${i}-client/src`);
  await writeFile(
    join(out, 'tsconfig.bench.json'),
    JSON.stringify({ compilerOptions: COMPARED_OPTIONS, include }),
  );
  await writeFile(
    join(out, 'tsconfig.own.json'),
    JSON.stringify({
      extends: './synth-0-client/tsconfig.json',
      compilerOptions: { noEmit: true },
      include,
    }),
  );
  const project = join(out, 'tsconfig.bench.json');
  const own = join(out, 'tsconfig.own.json');
  const check5 = await measure(runs, () => runNode([tsc5, '-p', project], out, true));
  const check7 = await measure(runs, () => runNode([tsc7, '-p', project], out, true));
  const own5 = await measure(runs, () => runNode([tsc5, '-p', own], out, true));
  const own7 = await measure(runs, () => runNode([tsc7, '-p', own], out, true));
  for (const [name, m] of [
    ['5.9', check5],
    ['7.0', check7],
    ['5.9 (own tsconfig)', own5],
    ['7.0 (own tsconfig)', own7],
  ] as const) {
    if (!m.ok)
      console.log(
        `generated ${tools}-tool packages fail TypeScript ${name}:\n${m.stdout.slice(0, 1500)}`,
      );
  }

  const peerDir = join(dir, 'openapi');
  await mkdir(peerDir, { recursive: true });
  await writeFile(join(peerDir, 'openapi.json'), JSON.stringify(syntheticOpenApi(size)));
  const peerGenerate = await measure(
    runs,
    () =>
      runNode(
        [openapiTs, '-i', 'openapi.json', '-o', 'client', '-c', '@hey-api/client-fetch'],
        peerDir,
        false,
        PEER_LIMIT,
      ),
    () => rm(join(peerDir, 'client'), { recursive: true, force: true }),
  );
  await writeFile(
    join(peerDir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: COMPARED_OPTIONS, include: ['client'] }),
  );
  const peerProject = join(peerDir, 'tsconfig.json');
  // Its output's own type errors (if any) do not stop the clock: the time is what is compared.
  // A stopped generator left no complete SDK to check.
  const skipped: Measured = {
    ...peerGenerate,
    ms: Number.NaN,
    cpuMs: Number.NaN,
    rssMiB: Number.NaN,
  };
  const peerCheck5 = peerGenerate.timedOut
    ? skipped
    : await measure(runs, () => runNode([tsc5, '-p', peerProject], peerDir, true, PEER_LIMIT));
  const peerCheck7 = peerGenerate.timedOut
    ? skipped
    : await measure(runs, () => runNode([tsc7, '-p', peerProject], peerDir, true, PEER_LIMIT));
  const profile = generate.stdout.trim().split('\n').filter(Boolean).join(' | ');
  await rm(dir, { recursive: true, force: true });
  return {
    tools,
    generate,
    peerGenerate,
    check5,
    check7,
    own5,
    own7,
    peerCheck5,
    peerCheck7,
    profile,
  };
}

console.log(loadLine());
await rm(work, { recursive: true, force: true });
const rows: Row[] = [];
for (const tools of SIZES) {
  const row = await sized(tools);
  rows.push(row);
  console.log(`measured ${tools} tools (${loadLine()}); generate --profile: ${row.profile}`);
}
await rm(work, { recursive: true, force: true });

const ratio = (a: Measured, b: Measured) =>
  Number.isNaN(b.ms) ? '—' : `${b.timedOut ? '< ' : ''}${(a.ms / b.ms).toFixed(2)}×`;
console.log(
  `\n### generate and type-check as the tool count grows (toolscope | hey-api openapi-ts 0.95 on the same operations; wall, CPU, peak RSS)`,
);
console.log('| tools | work | toolscope | hey-api | toolscope ÷ hey-api |');
console.log('|---:|---|---:|---:|---:|');
for (const r of rows) {
  const lines: [string, Measured, Measured][] = [
    ['generate', r.generate, r.peerGenerate],
    ['tsc --noEmit, TypeScript 5.9, same options', r.check5, r.peerCheck5],
    ['tsc --noEmit, TypeScript 7.0, same options', r.check7, r.peerCheck7],
    ['TypeScript 5.9, toolscope with its own tsconfig', r.own5, r.peerCheck5],
    ['TypeScript 7.0, toolscope with its own tsconfig', r.own7, r.peerCheck7],
  ];
  for (const [work, a, b] of lines) {
    console.log(`| ${r.tools} | ${work} | ${cell(a)} | ${cell(b)} | ${ratio(a, b)} |`);
  }
}

const exponent = (t1: number, t2: number, n1: number, n2: number) => {
  const b = Math.log(t2 / t1) / Math.log(n2 / n1);
  return Number.isFinite(b) ? b.toFixed(2) : '—';
};
console.log(
  '\n### growth exponent b (t ≈ c·n^b between consecutive sizes, for wall time, CPU time and peak RSS; b > 1 grows faster than linear; CPU is the figure least coloured by a loaded machine)',
);
console.log('| between | work | toolscope b: wall / CPU / RSS | hey-api b: wall / CPU / RSS |');
console.log('|---|---|---:|---:|');
for (let i = 1; i < rows.length; i++) {
  const a = rows[i - 1] as Row;
  const b = rows[i] as Row;
  const pairs: [string, keyof Row, keyof Row][] = [
    ['generate', 'generate', 'peerGenerate'],
    ['TypeScript 5.9', 'check5', 'peerCheck5'],
    ['TypeScript 7.0', 'check7', 'peerCheck7'],
  ];
  for (const [work, mine, peer] of pairs) {
    const m1 = a[mine] as Measured;
    const m2 = b[mine] as Measured;
    const p1 = a[peer] as Measured;
    const p2 = b[peer] as Measured;
    const b3 = (x: Measured, y: Measured) =>
      (y.timedOut ? '≥ ' : '') +
      [
        exponent(x.ms, y.ms, a.tools, b.tools),
        exponent(x.cpuMs, y.cpuMs, a.tools, b.tools),
        exponent(x.rssMiB, y.rssMiB, a.tools, b.tools),
      ].join(' / ');
    console.log(`| ${a.tools}→${b.tools} | ${work} | ${b3(m1, m2)} | ${b3(p1, p2)} |`);
  }
}
const big = rows.find((r) => r.tools === 1000);
if (big) {
  console.log('\n### targets at 1,000 tools (issue 12)');
  const v = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  console.log(
    `generate ≤ 1.2 s: ${s(big.generate)} ${v(big.generate.ms <= 1200)}; peak RSS ≤ 250 MiB: ${big.generate.rssMiB.toFixed(0)} MiB ${v(big.generate.rssMiB <= 250)}`,
  );
  console.log(
    `type-check TS 7.0 ≤ 0.6 s and below hey-api (same options): ${s(big.check7)} vs ${s(big.peerCheck7)} ${v(big.check7.ms <= 600 && big.check7.ms < big.peerCheck7.ms)}`,
  );
  console.log(
    `type-check TS 5.9 ≤ 2.0 s and below hey-api (same options): ${s(big.check5)} vs ${s(big.peerCheck5)} ${v(big.check5.ms <= 2000 && big.check5.ms < big.peerCheck5.ms)}`,
  );
  console.log(
    `(not judged) with the generated tsconfig: TS 7.0 ${s(big.own7)}, TS 5.9 ${s(big.own5)}`,
  );
}
console.log(loadLine());
