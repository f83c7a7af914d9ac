import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STARTER_MANIFEST as STARTER } from './commands/init.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '../dist/bin.js');
const repo = path.resolve(here, '../../..');
const fixtures = path.join(repo, 'packages/manifest/test/fixtures');
const CANARY = 'canary-secret-4242-do-not-print';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built bin in a child process, as a user would. */
function toolscope(
  args: readonly string[],
  cwd = repo,
  nodeOptions: readonly string[] = [],
  userAgent?: string,
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...nodeOptions, bin, ...args],
      {
        cwd,
        // No TTY (execFile pipes every stream) and a known package manager.
        env: {
          ...process.env,
          NO_COLOR: '1',
          FORCE_COLOR: undefined,
          npm_config_user_agent: userAgent,
        },
      },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'toolscope-cli-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('toolscope', () => {
  it('prints its version and help', async () => {
    const pkg = JSON.parse(await readFile(path.resolve(here, '../package.json'), 'utf8'));
    expect((await toolscope(['--version'])).stdout.trim()).toBe(pkg.version);
    const help = await toolscope(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/check\s+Validate manifests/);
    expect(help.stdout).toMatch(/init\s+Write a starter manifest/);
    expect((await toolscope(['check', '--help'])).stdout).toContain('--fail-on-warnings');
  });

  it('rejects unknown commands and flags with exit 2', async () => {
    const flag = await toolscope(['check', '--bogus']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('Unknown option --bogus for "toolscope check"');
    const verb = await toolscope(['chekc']);
    expect(verb.code).toBe(2);
    expect(verb.stderr).toBe('error: Unknown command "chekc".\nhint: Run `toolscope --help`.\n');
    // Every usage error reads the same way: `error: …` then `hint: …`, exit 2.
    for (const args of [
      ['generate', '--bogus'],
      ['init', 'a', 'b'],
      ['check', '--bogus'],
    ]) {
      const run = await toolscope(args, scratch);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(
        /^error: [^\n]+\nhint: Run `toolscope \w+ --help`\.\n$/,
      );
    }
  });

  it('lists the exit codes in every --help', async () => {
    for (const args of [
      ['--help'],
      ['check', '--help'],
      ['init', '--help'],
      ['generate', '--help'],
    ]) {
      const help = await toolscope(args);
      expect(help.stdout, args.join(' ')).toMatch(
        /Exit status:\n {2}0 {3}success\n {2}1 .*\n {2}2 /,
      );
    }
  });

  it('ends quietly when the reader closes the pipe (generate --dry-run | head)', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(
      process.execPath,
      [bin, 'generate', '--dry-run', '--out', path.join(scratch, 'epipe')],
      {
        cwd: repo,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    // Read one chunk, then close our end as `head -1` would.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('reports a misspelled config key with did-you-mean and its position', async () => {
    const project = path.join(scratch, 'bad-config');
    await mkdir(project, { recursive: true });
    await writeFile(
      path.join(project, 'toolscope.config.json'),
      '{\n  "manifests": ["m"],\n  "outt": "gen"\n}\n',
    );
    const run = await toolscope(['generate'], project);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('toolscope.config.json:3:3 (at /outt): unknown config key "outt"');
    expect(run.stderr).toContain('hint: did you mean "out"?');
  });

  it('checks the shipped manifests with 0 errors and 0 warnings', async () => {
    const run = await toolscope(['check', 'manifests/']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('4 toolsets, 19 tools, 0 errors, 0 warnings\n');
  });

  it('prints a machine-readable report with --json', async () => {
    const ok = JSON.parse((await toolscope(['check', 'manifests/', '--json'])).stdout);
    expect(ok).toMatchObject({
      ok: true,
      toolsets: 4,
      tools: 19,
      errors: 0,
      warnings: 0,
      diagnostics: [],
    });
    const bad = await toolscope([
      'check',
      path.join(fixtures, 'invalid/scope-unknown.yaml'),
      '--json',
    ]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({
      ok: false,
      errors: 1,
      diagnostics: [
        {
          code: 'SCOPE_UNKNOWN',
          line: 17,
          column: 24,
          pointer: '/tools/demo_list/authorization/requiredScopes/0',
        },
      ],
    });
  });

  it('exits 1 on every invalid fixture, naming its code', async () => {
    const names = (await readdir(path.join(fixtures, 'invalid'))).sort();
    expect(names.length).toBeGreaterThanOrEqual(25);
    const runs: Array<[string, Run]> = [];
    // Two at a time: the machine is shared.
    for (let i = 0; i < names.length; i += 2) {
      const batch = names.slice(i, i + 2);
      const results = await Promise.all(
        batch.map((n) => toolscope(['check', path.join(fixtures, 'invalid', n)])),
      );
      for (const [j, n] of batch.entries()) runs.push([n, results[j] as Run]);
    }
    for (const [name, run] of runs) {
      expect(run.code, name).toBe(1);
      expect(run.stdout, name).toMatch(/:\d+:\d+ - error [A-Z0-9_]+: /);
      expect(run.stdout, name).toMatch(/, 1 error, /);
    }
  }, 120_000);

  it('passes warnings unless --fail-on-warnings', async () => {
    const warned = await toolscope(['check', path.join(fixtures, 'warning')]);
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain('warning PROVIDER_UNUSED');
    expect(warned.stdout).toMatch(/0 errors, 2 warnings\n$/);
    expect(
      (await toolscope(['check', path.join(fixtures, 'warning'), '--fail-on-warnings'])).code,
    ).toBe(1);
  });

  it.each([
    ['secret-in-manifest.yaml', 'MANIFEST_SECRET'],
    ['secret-flow-style.yaml', 'MANIFEST_SECRET'],
    ['secret-inline.json', 'MANIFEST_SECRET'],
    ['secret-block-scalar.yaml', 'MANIFEST_SECRET'],
    ['bearer-in-unknown-key.yaml', 'MANIFEST_UNKNOWN_KEY'],
  ])('never prints the secret in %s (canary)', async (name, code) => {
    const file = path.join(fixtures, 'invalid', name);
    expect(await readFile(file, 'utf8')).toContain(CANARY);
    for (const args of [
      ['check', file],
      ['check', file, '--json'],
    ]) {
      const run = await toolscope(args);
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).toContain(code);
      expect(run.stdout + run.stderr).not.toContain(CANARY);
    }
    expect((await toolscope(['check', file])).stdout).toContain('********');
  });

  it('init writes a starter that checks clean, and refuses to overwrite', async () => {
    const project = path.join(scratch, 'project');
    const first = await toolscope(['init', 'project'], scratch);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const pkg = JSON.parse(await readFile(path.resolve(here, '../package.json'), 'utf8'));
    expect(JSON.parse(await readFile(path.join(project, 'toolscope.config.json'), 'utf8'))).toEqual(
      {
        manifests: ['manifests'],
        out: 'packages/generated',
        runtimeVersion: `^${pkg.version}`,
      },
    );
    // With no paths, check reads the config's "manifests".
    const check = await toolscope(['check'], project);
    expect(check.stdout).toBe('1 toolset, 2 tools, 0 errors, 0 warnings\n');
    expect(check.code).toBe(0);

    await writeFile(path.join(project, 'manifests/example.yaml'), 'toolset: mine\n');
    const again = await toolscope(['init', 'project'], scratch);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exist');
    expect(await readFile(path.join(project, 'manifests/example.yaml'), 'utf8')).toBe(
      'toolset: mine\n',
    );
  });

  it('init wires an npm project: workspaces, scripts, tsconfig; keeps what is there', async () => {
    const project = path.join(scratch, 'npm-project');
    await mkdir(project, { recursive: true });
    const mine = {
      name: '@acme/tools',
      version: '1.0.0',
      type: 'module',
      scripts: { build: 'make' },
    };
    await writeFile(path.join(project, 'package.json'), JSON.stringify(mine));
    await writeFile(path.join(project, 'package-lock.json'), '{}');
    const run = await toolscope(['init'], project, [], 'pnpm/10.0.0 node/v20');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // The lockfile wins over the user agent.
    expect(run.stdout).toContain('package manager: npm (from package-lock.json)');
    expect(run.stdout).toContain('kept package.json: your scripts.build');
    const pkg = JSON.parse(await readFile(path.join(project, 'package.json'), 'utf8'));
    expect(pkg.workspaces).toEqual(['packages/generated/*']);
    expect(pkg.scripts).toEqual({
      build: 'make',
      generate: 'toolscope generate',
      'docs:build': 'toolscope docs build',
    });
    expect(pkg.name).toBe('@acme/tools');
    const config = JSON.parse(await readFile(path.join(project, 'toolscope.config.json'), 'utf8'));
    expect(config.scope).toBe('@acme');
    const tsconfig = JSON.parse(await readFile(path.join(project, 'tsconfig.json'), 'utf8'));
    expect(tsconfig.compilerOptions.strict).toBe(true);
    await expect(readFile(path.join(project, 'pnpm-workspace.yaml'))).rejects.toThrow();
  });

  it('init wires a pnpm project from the user agent, merging pnpm-workspace.yaml', async () => {
    const project = path.join(scratch, 'pnpm-project');
    await mkdir(project, { recursive: true });
    await writeFile(path.join(project, 'package.json'), '{ "name": "tools", "private": true }');
    await writeFile(path.join(project, 'pnpm-workspace.yaml'), 'packages:\n  - apps/*\n');
    await writeFile(path.join(project, 'tsconfig.json'), '{ "mine": true }\n');
    const run = await toolscope(['init'], project, [], 'pnpm/10.34.9 npm/? node/v20.20.2');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('package manager: pnpm (from npm_config_user_agent)');
    expect(run.stdout).toContain('pnpm add -w <its name>@workspace:*');
    expect(await readFile(path.join(project, 'pnpm-workspace.yaml'), 'utf8')).toBe(
      "packages:\n  - 'packages/generated/*'\n  - apps/*\n",
    );
    const pkg = JSON.parse(await readFile(path.join(project, 'package.json'), 'utf8'));
    expect(pkg.workspaces).toBeUndefined();
    expect(pkg.scripts.build).toBe('pnpm -r --if-present run build');
    expect(await readFile(path.join(project, 'tsconfig.json'), 'utf8')).toBe('{ "mine": true }\n');
  });

  it('init picks yarn from yarn.lock and refuses a workspaces field it cannot read', async () => {
    const project = path.join(scratch, 'yarn-project');
    await mkdir(project, { recursive: true });
    await writeFile(path.join(project, 'yarn.lock'), '');
    await writeFile(path.join(project, 'package.json'), '{ "name": "y", "workspaces": "odd" }');
    const refused = await toolscope(['init'], project);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('"workspaces" field toolscope init cannot read');
    // Refused before writing anything.
    await expect(readFile(path.join(project, 'toolscope.config.json'))).rejects.toThrow();
    await writeFile(
      path.join(project, 'package.json'),
      '{ "name": "y", "workspaces": ["libs/*"] }',
    );
    const run = await toolscope(['init'], project, [], 'yarn/1.22.22 npm/? node/v20');
    expect(run.code).toBe(0);
    const pkg = JSON.parse(await readFile(path.join(project, 'package.json'), 'utf8'));
    expect(pkg.workspaces).toEqual(['libs/*', 'packages/generated/*']);
    expect(pkg.scripts.build).toBe('yarn workspaces run build');
  });

  it('check reads the manifests of a toolscope.config.ts, as generate does', async () => {
    const project = path.join(scratch, 'ts-config');
    await mkdir(path.join(project, 'defs'), { recursive: true });
    await mkdir(path.join(project, 'manifests'), { recursive: true });
    await writeFile(path.join(project, 'defs/example.yaml'), STARTER);
    // The default folder holds a broken manifest: check must not fall back to it.
    await writeFile(path.join(project, 'manifests/broken.yaml'), 'toolset: [\n');
    await writeFile(
      path.join(project, 'toolscope.config.ts'),
      "const manifests: string[] = ['defs'];\nexport default { manifests, out: 'gen' };\n",
    );
    const run = await toolscope(['check'], project);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('1 toolset, 2 tools, 0 errors, 0 warnings\n');
    expect(run.code).toBe(0);
    const explicit = await toolscope(
      ['check', '--config', 'toolscope.config.ts', '--json'],
      project,
    );
    expect(JSON.parse(explicit.stdout).files).toEqual([path.join('defs', 'example.yaml')]);

    const init = await toolscope(['init'], project);
    expect(init.code).toBe(1);
    expect(init.stderr).toContain('toolscope.config.ts');
    await expect(readFile(path.join(project, 'toolscope.config.json'))).rejects.toThrow();
  });

  it('--help and check never load the generator (ts-morph)', async () => {
    // Records every CommonJS module the process loads: codegen loads ts-morph with require.
    const hook = path.join(scratch, 'record-loads.cjs');
    await writeFile(
      hook,
      `const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (/ts-morph|typescript/.test(request)) process.stderr.write('LOADED ' + request + '\\n');
  return load.call(this, request, ...rest);
};
`,
    );
    const file = path.join(fixtures, 'invalid/scope-unknown.yaml');
    for (const args of [['--help'], ['check', file], ['check', '--help'], ['init', '--help']]) {
      const run = await toolscope(args, repo, ['--require', hook]);
      expect(run.stdout, args.join(' ')).not.toBe('');
      expect(run.stderr, args.join(' ')).not.toContain('LOADED');
    }
    // The hook does see it when the generator runs.
    const generate = await toolscope(['generate', '--check', '--quiet'], repo, ['--require', hook]);
    expect(generate.stderr).toContain('LOADED ts-morph');
  });

  it('reports a missing path', async () => {
    const run = await toolscope(['check', 'no/such/dir']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('MANIFEST_NOT_FOUND');
  });
});
