#!/usr/bin/env node
// What a team outside this repository does, end to end, in a temporary
// folder outside the workspace: pack every publishable package; make a fresh
// npm project and a fresh pnpm project; install the tarballs (third-party
// packages come from the npm registry); `toolscope init`; write a manifest
// with an oauth2, an apiKey and a none tool; `toolscope generate`; install;
// build; type-check a consumer with `skipLibCheck: false` whose
// `@ts-expect-error` lines prove "token iff needed"; run a stdio server built
// on the generated stub and call it with the official SDK client: -32001
// missing_token without a token, a result with one. Then the zero-code path
// (npm project): `toolscope import openapi` of an OpenAPI 3.1 document whose
// server is a loopback upstream, `toolscope check`, `toolscope serve --http 0`
// called by the official SDK v2 client: the imported scopes in tools/list,
// -32001 without a credential, results with one, exactly the caller's
// credential in the right header upstream, exit 0 on SIGTERM.
//
// Bounded: every step gets what is left of `--timeout-ms` (default 15
// minutes) and the temp folder is removed at the end, on failure and on
// Ctrl-C. `--keep` keeps it to look around; `--only npm|pnpm` runs one project. Exit 0 when every step passed, 1 naming the first that did not.
import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pack, publishablePackages } from './pack-check.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'adoption');
const started = Date.now();
const flag = (name) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : (process.argv[at + 1] ?? '');
};
const budget = Number(flag('--timeout-ms') ?? 15 * 60_000);
const keep = process.argv.includes('--keep');
const only = flag('--only');

// Versions the consumer installs from the registry: those this repo builds and tests with.
const THIRD_PARTY = [
  '@modelcontextprotocol/server@2.4.0',
  // The consumer calls the v2 server with an unmodified 1.x client: both lines interoperate.
  '@modelcontextprotocol/sdk@1.32.2',
  // The v2 client calls `toolscope serve` in the zero-code check.
  '@modelcontextprotocol/client@2.4.0',
  'zod@4.6.7',
  'typescript@5.9.3',
  '@types/node@20.19.25',
];

class StepFailed extends Error {}

// A clean environment: what pnpm or npm set for the script that started us
// (npm_config_*, the workspace's own paths) must not leak into the projects.
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^(npm_|pnpm_|PNPM_|INIT_CWD$|TURBO_|VITEST)/i.test(key),
  ),
);
env.NO_COLOR = '1';
env.CI = '1';

function remaining() {
  const left = budget - (Date.now() - started);
  if (left <= 0) throw new StepFailed(`out of time (--timeout-ms ${budget})`);
  return left;
}

/** Runs one command in `cwd`, no TTY, within the time left; returns stdout; throws StepFailed with its output. */
function step(title, cwd, command, args, extraEnv = {}) {
  const t = Date.now();
  process.stdout.write(`  ${title} … `);
  try {
    const out = execFileSync(command, args, {
      cwd,
      env: { ...env, ...extraEnv },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: remaining(),
      killSignal: 'SIGKILL',
      maxBuffer: 64 * 1024 * 1024,
    });
    process.stdout.write(`ok (${((Date.now() - t) / 1000).toFixed(1)} s)\n`);
    return out;
  } catch (error) {
    process.stdout.write('FAILED\n');
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim();
    throw new StepFailed(
      `${title}: \`${command} ${args.join(' ')}\` in ${cwd}\n${output || String(error)}`,
    );
  }
}

function expect(condition, message) {
  if (!condition) throw new StepFailed(message);
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const writeJson = (file, value) => writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

/** Our packages come from the tarballs: name → file: spec. */
function tarballSpecs(tarballs) {
  return Object.fromEntries(
    tarballs.map((file) => {
      const name = readJson(join(file.replace(/\.tgz$/, ''), 'package.json')).name;
      return [name, `file:${file}`];
    }),
  );
}

/** Unpacks each tarball's package.json beside it, to learn the package names without guessing. */
function unpackManifests(tarballs) {
  for (const file of tarballs) {
    const into = file.replace(/\.tgz$/, '');
    mkdirSync(into, { recursive: true });
    execFileSync('tar', ['-xzf', file, '-C', into, '--strip-components=1', 'package/package.json']);
  }
}

/** The manifest, server and consumer every project gets. */
function writeTeamFiles(project) {
  mkdirSync(join(project, 'manifests'), { recursive: true });
  // init's starter is replaced by the team's own manifest.
  rmSync(join(project, 'manifests/example.yaml'), { force: true });
  copyFileSync(join(fixtures, 'manifest.yaml'), join(project, 'manifests/acme.yaml'));
  mkdirSync(join(project, 'src'), { recursive: true });
  copyFileSync(join(fixtures, 'server.ts'), join(project, 'src/server.ts'));
  copyFileSync(join(fixtures, 'consumer.ts'), join(project, 'src/consumer.ts'));
}

/** What every project checks once its packages are built. */
function checkConsumer(project, pm) {
  const tsc = join(project, 'node_modules/.bin/tsc');
  const tsconfig = readJson(join(project, 'tsconfig.json'));
  expect(
    tsconfig.compilerOptions?.skipLibCheck === false,
    'init wrote a tsconfig.json without skipLibCheck: false',
  );
  // One tsc run checks and emits. The @ts-expect-error lines fail it (TS2578)
  // if a token were optional where a tool needs one, or accepted where not.
  step(
    `${pm}: type-check (skipLibCheck: false) and compile the consumer and server`,
    project,
    tsc,
    ['-p', 'tsconfig.json', '--skipLibCheck', 'false', '--noEmit', 'false', '--outDir', 'build'],
  );
  const out = step(
    `${pm}: SDK client → stdio server, with and without a token`,
    project,
    process.execPath,
    ['build/consumer.js'],
  );
  const report = JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
  expect(
    report.without?.code === -32001 && report.without?.error === 'missing_token',
    `without a token: expected -32001 missing_token, got ${JSON.stringify(report.without)}`,
  );
  expect(
    /^items for a 19-character token/.test(report.with?.content?.[0]?.text ?? ''),
    `with a token: expected the handler's result, got ${JSON.stringify(report.with)}`,
  );
  expect(report.ping?.content?.[0]?.text === 'pong', 'the none tool did not answer pong');

  // The team's docs site, built from its own generated docs package, opened in chromium.
  const docs =
    pm === 'npm'
      ? ['npx', ['--no-install', 'toolscope', 'docs', 'build', '--out', 'site']]
      : ['pnpm', ['exec', 'toolscope', 'docs', 'build', '--out', 'site']];
  step(`${pm}: toolscope docs build --out site`, project, docs[0], docs[1]);
  expect(existsSync(join(project, 'site/index.html')), 'docs build wrote no site/index.html');
  const shown = step(
    `${pm}: the acme_listItems page in chromium names its scope`,
    here,
    process.execPath,
    [
      join(here, 'adoption/browser-check.mjs'),
      join(project, 'site'),
      '/toolsets/acme/tools/acme_listItems.html',
      'acme_listItems',
      'items:read',
    ],
  );
  expect(shown.trim().endsWith('ok'), `the browser check said: ${shown}`);
}

/** Checks what `toolscope generate` wrote: installable ranges, build scripts, no workspace: protocol. */
function checkGenerated(project) {
  for (const kind of ['server', 'client', 'docs']) {
    const pkg = readJson(join(project, `packages/generated/acme-${kind}/package.json`));
    const text = JSON.stringify(pkg);
    expect(!text.includes('workspace:'), `acme-${kind}/package.json still has a workspace: range`);
    if (kind !== 'docs') {
      expect(pkg.scripts?.build !== undefined, `acme-${kind} has no build script`);
      expect(pkg.devDependencies?.typescript !== undefined, `acme-${kind} has no typescript`);
    }
  }
}

/** Starts the loopback upstream in its own process; resolves with its origin and a stop function. */
function startUpstream(log) {
  const child = spawn(process.execPath, [join(fixtures, 'upstream.mjs'), log], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) done();
      else {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }
    });
  return new Promise((done, fail) => {
    let out = '';
    const timer = setTimeout(() => {
      void stop();
      fail(new StepFailed('the loopback upstream did not start in 10 s'));
    }, 10_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        done({ origin: match[1], stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new StepFailed(`the loopback upstream exited ${code} before listening`));
    });
  });
}

/**
 * The zero-code path: the team's OpenAPI document → `toolscope import openapi`
 * → `toolscope check` → `toolscope serve`, called by the official SDK v2
 * client, forwarding each caller's credential to the loopback upstream.
 */
async function checkOpenApiServe(project) {
  const log = join(project, 'upstream-requests.jsonl');
  const upstream = await startUpstream(log);
  try {
    const spec = readFileSync(join(fixtures, 'openapi.yaml'), 'utf8').replaceAll(
      'UPSTREAM',
      upstream.origin,
    );
    writeFileSync(join(project, 'spec.yaml'), spec);
    const npx = (title, args) => step(`npm: ${title}`, project, 'npx', ['--no-install', ...args]);
    npx('npx toolscope import openapi spec.yaml --out manifests/imported.yaml', [
      'toolscope',
      'import',
      'openapi',
      'spec.yaml',
      '--out',
      'manifests/imported.yaml',
    ]);
    npx('npx toolscope check manifests/imported.yaml', [
      'toolscope',
      'check',
      'manifests/imported.yaml',
    ]);
    copyFileSync(join(fixtures, 'serve-client.mjs'), join(project, 'serve-client.mjs'));
    // Distinct, recognisable credentials, so the upstream log and serve's own logs can be searched for them.
    const bearer = `adoption-bearer-${process.pid}-4f1c9e`;
    const key = `adoption-key-${process.pid}-b72d05`;
    const out = step(
      'npm: SDK v2 client → toolscope serve manifests/imported.yaml --http 0, then SIGTERM',
      project,
      process.execPath,
      [
        'serve-client.mjs',
        bearer,
        key,
        // The bin itself, as a package.json script or a supervisor runs it: npx
        // dies on SIGTERM without passing it on, which would orphan the server.
        join(project, 'node_modules/.bin/toolscope'),
        'serve',
        'manifests/imported.yaml',
        '--http',
        '0',
      ],
    );
    const report = JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
    const shown = JSON.stringify(report);
    expect(
      /^http:\/\/127\.0\.0\.1:\d+\/mcp$/.test(report.url ?? ''),
      `serve printed no loopback URL: ${shown}`,
    );
    const list = report.tools?.listItems;
    expect(
      list?.method === 'oauth2' &&
        JSON.stringify(list.requiredScopes) === '["items:read","items:list"]' &&
        list.provider?.resource === `${upstream.origin}/v1`,
      `tools/list did not declare listItems' scopes and upstream: ${JSON.stringify(list)}`,
    );
    const lookup = report.tools?.lookupCode;
    expect(
      lookup?.method === 'apiKey' && lookup.provider?.headerName === 'X-Inventory-Key',
      `tools/list did not declare lookupCode's key header: ${JSON.stringify(lookup)}`,
    );
    for (const name of ['withoutToken', 'withoutKey']) {
      expect(
        report[name]?.code === -32001 && report[name]?.error === 'missing_token',
        `${name}: expected -32001 missing_token, got ${JSON.stringify(report[name])}`,
      );
    }
    expect(
      JSON.stringify(report.withToken?.structuredContent) === '{"items":["bolt","nut"]}',
      `listItems with a token: ${JSON.stringify(report.withToken)}`,
    );
    expect(
      JSON.stringify(report.withKey?.structuredContent) === '{"code":"A-7","found":true}',
      `lookupCode with a key: ${JSON.stringify(report.withKey)}`,
    );
    // Exactly two requests reached the upstream (the refused calls sent none),
    // each with exactly the caller's credential in its scheme's header only.
    const seen = existsSync(log)
      ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map(JSON.parse)
      : [];
    expect(
      JSON.stringify(seen) ===
        JSON.stringify([
          { method: 'GET', url: '/v1/items?limit=2', authorization: `Bearer ${bearer}`, key: null },
          { method: 'GET', url: '/v1/codes/A-7', authorization: null, key },
        ]),
      `the upstream received ${JSON.stringify(seen)}`,
    );
    expect(report.credentialInLogs === false, "serve's logs contain a caller's credential");
    expect(
      report.exit?.code === 0,
      `serve did not exit 0 on SIGTERM: ${JSON.stringify(report.exit)}`,
    );
  } finally {
    await upstream.stop();
  }
}

async function npmProject(root, tarballs) {
  const project = join(root, 'npm-project');
  mkdirSync(project);
  step('npm: npm init -y', project, 'npm', ['init', '-y']);
  const pkg = readJson(join(project, 'package.json'));
  writeJson(join(project, 'package.json'), { ...pkg, type: 'module' });
  step('npm: install the tarballs and the third-party packages', project, 'npm', [
    'install',
    '--no-audit',
    '--no-fund',
    ...tarballs,
    ...THIRD_PARTY,
  ]);
  // The generated packages ask for @toolscope/*@^0.1.0, as from the registry:
  // point those at the tarballs too, as if they were published.
  const installed = readJson(join(project, 'package.json'));
  installed.overrides = Object.fromEntries(
    Object.keys(tarballSpecs(tarballs)).map((name) => [name, `$${name}`]),
  );
  writeJson(join(project, 'package.json'), installed);
  const npx = (title, args) => step(`npm: ${title}`, project, 'npx', ['--no-install', ...args]);
  const init = npx('npx toolscope init', ['toolscope', 'init']);
  expect(init.includes('package manager: npm'), `init did not pick npm:\n${init}`);
  const config = readJson(join(project, 'toolscope.config.json'));
  expect(/^\^\d+\.\d+\.\d+/.test(config.runtimeVersion ?? ''), 'init wrote no runtime range');
  writeTeamFiles(project);
  npx('npx toolscope generate', ['toolscope', 'generate']);
  checkGenerated(project);
  step('npm: npm install (links the generated workspaces)', project, 'npm', [
    'install',
    '--no-audit',
    '--no-fund',
  ]);
  step('npm: npm run build', project, 'npm', ['run', 'build']);
  // ESM-only packages, which Node ≥ 20.19 can also require().
  const names = [...Object.keys(tarballSpecs(tarballs)), '@toolscope-generated/acme-client'];
  step('npm: require() every package from CommonJS', project, process.execPath, [
    '-e',
    `for (const name of ${JSON.stringify(names)}) if (Object.keys(require(name)).length === 0) throw new Error(name);`,
  ]);
  checkConsumer(project, 'npm');
  await checkOpenApiServe(project);
}

function pnpmProject(root, tarballs) {
  const project = join(root, 'pnpm-project');
  mkdirSync(project);
  step('pnpm: pnpm init', project, 'pnpm', ['init']);
  const pkg = readJson(join(project, 'package.json'));
  // Unpublished, so pnpm must be told where @toolscope/* comes from for the
  // generated packages' ^0.1.0 ranges too.
  writeJson(join(project, 'package.json'), {
    ...pkg,
    type: 'module',
    pnpm: { overrides: tarballSpecs(tarballs) },
  });
  step('pnpm: pnpm add the tarballs and the third-party packages', project, 'pnpm', [
    'add',
    ...tarballs,
    ...THIRD_PARTY,
  ]);
  const init = step('pnpm: pnpm exec toolscope init', project, 'pnpm', [
    'exec',
    'toolscope',
    'init',
  ]);
  expect(init.includes('package manager: pnpm'), `init did not pick pnpm:\n${init}`);
  expect(
    readFileSync(join(project, 'pnpm-workspace.yaml'), 'utf8').includes('packages/generated/*'),
    'init did not wire pnpm-workspace.yaml',
  );
  writeTeamFiles(project);
  step('pnpm: pnpm exec toolscope generate', project, 'pnpm', ['exec', 'toolscope', 'generate']);
  checkGenerated(project);
  // pnpm links a workspace package only where it is declared: the team adds
  // the generated packages it imports (a step init cannot know in advance).
  step('pnpm: pnpm add -w the generated packages', project, 'pnpm', [
    'add',
    '-w',
    '@toolscope-generated/acme-client@workspace:*',
    '@toolscope-generated/acme-server@workspace:*',
  ]);
  step('pnpm: pnpm run build', project, 'pnpm', ['run', 'build']);
  checkConsumer(project, 'pnpm');
}

/** Runs the whole test; resolves to the exit code. */
export async function runAdoptionTest() {
  const root = mkdtempSync(join(tmpdir(), 'toolscope-adoption-'));
  const cleanup = () => {
    if (!keep) rmSync(root, { recursive: true, force: true });
  };
  const onSignal = () => {
    cleanup();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  console.log(`adoption test in ${root}${keep ? ' (kept)' : ''}`);
  try {
    const packs = join(root, 'packs');
    mkdirSync(packs);
    process.stdout.write('  pack every publishable package … ');
    const tarballs = publishablePackages().map((dir) => pack(dir, packs));
    unpackManifests(tarballs);
    console.log(`${tarballs.length} tarballs`);
    if (only !== 'pnpm') await npmProject(root, tarballs);
    if (only !== 'npm') pnpmProject(root, tarballs);
    console.log(`adoption test: passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return 0;
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    console.error(`adoption test FAILED: ${error.message}`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    cleanup();
  }
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  process.exitCode = await runAdoptionTest();
}
