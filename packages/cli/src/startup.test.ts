/**
 * What the built bin loads: `generate`, `check`, `--help` and `--version` must
 * not pay for the MCP SDK, the server runtime, pino, the contract checker, the
 * OpenAPI importer or the docs site. A module hook, preloaded with
 * `node --import`, appends every resolved module (specifier and URL) to a file.
 * And Node's compile cache: where the bin puts it, and that it can be turned off.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enableCompileCache, projectCacheDir } from './compile-cache.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '../dist/bin.js');
const manifests = path.resolve(here, '../../../manifests');

/** Modules only serve, verify, diff, docs and import may load. */
const HEAVY =
  /@modelcontextprotocol\/|@toolscope\/(server|contract|openapi|docs-site)\b|\/packages\/(server|contract|openapi|docs-site)\/|(^|\/)pino(\/|$)/;

// Synchronous hooks where Node has them (22.15+), else the off-thread ones of
// module.register (Node 20): both see every import, dynamic ones included.
const PRELOAD = `
import { appendFileSync } from 'node:fs';
import * as m from 'node:module';
const out = process.env.TOOLSCOPE_TEST_RECORD;
if (typeof m.registerHooks === 'function') {
  m.registerHooks({
    resolve(specifier, context, next) {
      const r = next(specifier, context);
      appendFileSync(out, specifier + '\\t' + r.url + '\\n');
      return r;
    },
  });
} else {
  m.register(new URL('./hooks.mjs', import.meta.url));
}
`;
const HOOKS = `
import { appendFileSync } from 'node:fs';
const out = process.env.TOOLSCOPE_TEST_RECORD;
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(out, specifier + '\\t' + r.url + '\\n');
  return r;
}
`;

let scratch: string;
let preload: string;
let runs = 0;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'toolscope-startup-'));
  preload = path.join(scratch, 'preload.mjs');
  await writeFile(preload, PRELOAD);
  await writeFile(path.join(scratch, 'hooks.mjs'), HOOKS);
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function spawnBin(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; nodeOptions?: readonly string[] } = {},
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...(options.nodeOptions ?? []), bin, ...args],
      {
        cwd: options.cwd ?? scratch,
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env },
      },
      (error, stdout, stderr) => {
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

/** Runs the bin with the recording hook; resolves to the exit code and every module it resolved. */
async function loaded(args: readonly string[]): Promise<{ run: Run; modules: string[] }> {
  const record = path.join(scratch, `record-${++runs}.txt`);
  await writeFile(record, '');
  const run = await spawnBin(args, {
    env: { TOOLSCOPE_TEST_RECORD: record },
    nodeOptions: ['--import', pathToFileURL(preload).href],
  });
  const modules = (await readFile(record, 'utf8')).split('\n').filter((line) => line !== '');
  return { run, modules };
}

const heavy = (modules: readonly string[]) => modules.filter((line) => HEAVY.test(line));

describe('what each command loads', () => {
  it('generate loads the generator but not the SDK, server, pino, contract, openapi or docs site', async () => {
    const out = path.join(scratch, 'generated');
    const { run, modules } = await loaded([
      'generate',
      path.join(manifests, 'orders.yaml'),
      '--out',
      out,
      '--scope',
      '@startup',
      '--quiet',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(existsSync(path.join(out, 'orders-server', 'package.json'))).toBe(true);
    // The hook saw the dynamic import of the generator, so it would see the others too.
    expect(modules.some((line) => line.startsWith('@toolscope/codegen\t'))).toBe(true);
    expect(heavy(modules)).toEqual([]);
  });

  it('check, --help and --version load none of them either', async () => {
    for (const args of [
      ['check', path.join(manifests, 'orders.yaml')],
      ['--help'],
      ['--version'],
    ]) {
      const { run, modules } = await loaded(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(modules.length, args.join(' ')).toBeGreaterThan(0);
      expect(heavy(modules), args.join(' ')).toEqual([]);
    }
  });

  it('diff still loads the contract checker when it runs (the recorder catches it)', async () => {
    const file = path.join(manifests, 'orders.yaml');
    const { run, modules } = await loaded(['diff', file, file]);
    expect(run.code).toBe(0);
    expect(heavy(modules).some((line) => line.startsWith('@toolscope/contract\t'))).toBe(true);
  });
});

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const hasCompileCache = major > 22 || (major === 22 && minor >= 1);

describe("Node's compile cache", () => {
  it('lives in node_modules/.cache/toolscope of the nearest package above the working directory', async () => {
    const project = path.join(scratch, 'project');
    await mkdir(path.join(project, 'node_modules'), { recursive: true });
    await mkdir(path.join(project, 'src', 'deep'), { recursive: true });
    await writeFile(path.join(project, 'package.json'), '{}');
    const expected = path.join(project, 'node_modules', '.cache', 'toolscope', 'compile');
    expect(projectCacheDir(path.join(project, 'src', 'deep'))).toBe(expected);
    // A package without node_modules: no project folder (Node's default in tmp is used).
    const bare = path.join(scratch, 'bare');
    await mkdir(bare, { recursive: true });
    await writeFile(path.join(bare, 'package.json'), '{}');
    expect(projectCacheDir(bare)).toBeUndefined();
  });

  it('is written by a run on Node >= 22.1, and not with NODE_DISABLE_COMPILE_CACHE=1', async () => {
    const project = path.join(scratch, 'cached');
    await mkdir(path.join(project, 'node_modules'), { recursive: true });
    await writeFile(path.join(project, 'package.json'), '{}');
    const cache = path.join(project, 'node_modules', '.cache', 'toolscope', 'compile');
    const off = await spawnBin(['--version'], {
      cwd: project,
      env: { NODE_DISABLE_COMPILE_CACHE: '1', NODE_COMPILE_CACHE: undefined },
    });
    expect(off.code).toBe(0);
    expect(existsSync(cache)).toBe(false);
    const on = await spawnBin(['--version'], {
      cwd: project,
      env: { NODE_DISABLE_COMPILE_CACHE: undefined, NODE_COMPILE_CACHE: undefined },
    });
    expect(on.code).toBe(0);
    expect(on.stderr).toBe('');
    if (hasCompileCache) {
      const entries = await readdir(cache, { recursive: true });
      expect(entries.length).toBeGreaterThan(1);
    } else {
      expect(existsSync(cache)).toBe(false);
    }
  });

  it('reports what it did, and honours the environment', () => {
    expect(enableCompileCache(scratch, { NODE_DISABLE_COMPILE_CACHE: '1' }).state).toBe(
      hasCompileCache ? 'disabled' : 'unsupported',
    );
  });
});
