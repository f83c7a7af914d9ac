// Codegen at scale: synthetic 100- and 1,000-tool sets (tools/synth) through
// `toolscope generate` in a child process (wall time and peak RSS), a
// no-change re-run, a one-tool change, `tsc --noEmit` of the generated server
// and client packages, and @hey-api/openapi-ts 0.95 on the same operations.
import { spawnSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator, resolveConfig } from '@toolscope/codegen';
import { syntheticOpenApi, writeSyntheticManifests } from '../../synth/synth.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const work = join(here, '..', '.tmp', 'codegen-scale');
const cli = join(repo, 'packages/cli/dist/bin.js');
const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc', { paths: [join(repo, 'packages/codegen')] });
const openapiTs = join(here, '../node_modules/@hey-api/openapi-ts/bin/run.js');
// Reports the child's own peak RSS on exit (KiB on Linux).
const RSS_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\nmaxrss_kib='+process.resourceUsage().maxRSS+'\\n'))`;

interface Measured {
  readonly ms: number;
  readonly rssMiB: number;
  readonly stdout: string;
  readonly ok: boolean;
}

function runNode(args: string[], cwd: string, mayFail = false): Measured {
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--import', RSS_HOOK, ...args], { cwd, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (r.status !== 0 && !mayFail) {
    process.stderr.write(r.stdout + r.stderr);
    throw new Error(`child failed: ${args.join(' ')}`);
  }
  const kib = Number(/maxrss_kib=(\d+)/.exec(r.stderr)?.[1] ?? 'NaN');
  return { ms, rssMiB: kib / 1024, stdout: r.stdout, ok: r.status === 0 };
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

async function typecheckGenerated(out: string, sets: number): Promise<Measured> {
  const include = [];
  for (let i = 0; i < sets; i++) include.push(`synth-${i}-server/src`, `synth-${i}-client/src`);
  const config = {
    extends: './synth-0-client/tsconfig.json',
    compilerOptions: { noEmit: true },
    include,
  };
  await writeFile(join(out, 'tsconfig.bench.json'), JSON.stringify(config));
  const checked = runNode([tsc, '-p', join(out, 'tsconfig.bench.json')], out, true);
  if (!checked.ok)
    console.log(`generated packages have type errors:\n${checked.stdout.slice(0, 2000)}`);
  return checked;
}

const results: Record<number, { generate: Measured; typecheck: Measured }> = {};
await rm(work, { recursive: true, force: true });
for (const toolsets of [2, 20]) {
  const tools = toolsets * 50;
  const dir = join(work, String(tools));
  const manifests = join(dir, 'manifests');
  await writeSyntheticManifests(manifests, { toolsets, toolsPerToolset: 50 });
  const out = join(dir, 'generated');
  const args = [
    cli,
    'generate',
    manifests,
    '--out',
    out,
    '--scope',
    '@synth',
    '--quiet',
    '--profile',
  ];
  const generate = runNode(args, dir);
  const again = runNode(args, dir);
  const typecheck = await typecheckGenerated(out, toolsets);
  results[tools] = { generate, typecheck };
  console.log(`\n### ${tools} tools (${toolsets} toolsets × 50)`);
  console.log(
    `generate (child process): ${fmt(generate.ms)}, peak RSS ${generate.rssMiB.toFixed(0)} MiB`,
  );
  console.log(`  ${generate.stdout.trim().split('\n').join('\n  ')}`);
  console.log(`no-change re-run: ${fmt(again.ms)}; ${again.stdout.trim().split('\n').at(-1)}`);
  console.log(
    `tsc --noEmit (server + client): ${fmt(typecheck.ms)}, peak RSS ${typecheck.rssMiB.toFixed(0)} MiB`,
  );

  if (tools === 1000) {
    // One-tool change: the watch-mode path (a warm generator), and a cold CLI run.
    const config = resolveConfig({ manifests: [manifests], out, scope: '@synth' }, dir, resolve);
    const generator = createGenerator(config);
    await generator.run();
    await writeSyntheticManifests(manifests, { toolsets, toolsPerToolset: 50 }, 1);
    const t = performance.now();
    const changed = await generator.run();
    const warm = performance.now() - t;
    await writeSyntheticManifests(manifests, { toolsets, toolsPerToolset: 50 }, 2);
    const cold = runNode(args, dir);
    console.log(
      `one-tool change: warm (watch) ${warm.toFixed(0)} ms, wrote ${changed.written.length} files [target ≤ 300 ms: ${verdict(warm <= 300)}]; cold CLI ${fmt(cold.ms)}`,
    );
    console.log(
      `  stages of the warm run: ${Object.entries(changed.timings)
        .map(([k, v]) => `${k} ${v.toFixed(0)}ms`)
        .join(', ')}`,
    );

    const peerDir = join(dir, 'openapi');
    await mkdir(peerDir, { recursive: true });
    await writeFile(
      join(peerDir, 'openapi.json'),
      JSON.stringify(syntheticOpenApi({ toolsets, toolsPerToolset: 50 })),
    );
    const peer = runNode(
      [openapiTs, '-i', 'openapi.json', '-o', 'client', '-c', '@hey-api/client-fetch'],
      peerDir,
    );
    await writeFile(
      join(peerDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          ...{
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            skipLibCheck: true,
            noEmit: true,
            lib: ['ES2023', 'DOM', 'DOM.Iterable'],
            types: [],
          },
        },
        include: ['client'],
      }),
    );
    // Its output's own type errors do not stop the clock: the time is what is compared.
    const peerCheck = runNode([tsc, '-p', join(peerDir, 'tsconfig.json')], peerDir, true);
    console.log(`\n### peer: @hey-api/openapi-ts 0.95 on the same 1,000 operations`);
    console.log(
      `generate: ${fmt(peer.ms)}, peak RSS ${peer.rssMiB.toFixed(0)} MiB; tsc --noEmit of its SDK ${fmt(peerCheck.ms)}${peerCheck.ok ? '' : ' (with type errors)'}`,
    );
    console.log(
      `ratio toolscope/openapi-ts: generate ${(generate.ms / peer.ms).toFixed(2)}×, RSS ${(generate.rssMiB / peer.rssMiB).toFixed(2)}×, type-check ${(typecheck.ms / peerCheck.ms).toFixed(2)}×`,
    );
  }
}

const big = results[1000];
const small = results[100];
if (big && small) {
  console.log('\n### targets (1,000 tools)');
  console.log(`generate ≤ 2 s: ${fmt(big.generate.ms)} ${verdict(big.generate.ms <= 2000)}`);
  console.log(
    `peak RSS ≤ 400 MiB: ${big.generate.rssMiB.toFixed(0)} MiB ${verdict(big.generate.rssMiB <= 400)}`,
  );
  console.log(`type-check ≤ 3 s: ${fmt(big.typecheck.ms)} ${verdict(big.typecheck.ms <= 3000)}`);
  const ratio = big.typecheck.ms / small.typecheck.ms;
  console.log(`type-check 1,000 / 100 ≤ 12×: ${ratio.toFixed(1)}× ${verdict(ratio <= 12)}`);
}
await rm(work, { recursive: true, force: true });
