import { execFile, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOOLSCOPE_GUIDES } from '@toolscope/docs-site';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../args.js';
import { docsDirPattern, findGeneratedDocs, loadDocsSite } from './docs.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '../../dist/bin.js');
const repo = path.resolve(here, '../../../..');
/** A team's project: config with a `docs` key, a manifest with oauth2, apiKey and none tools, a guide, a logo. */
const PROJECT = path.join(repo, 'packages/docs-site/test/fixtures/project');
const STAGING = path.join(repo, 'packages/docs-site/.sites');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function childEnv(): NodeJS.ProcessEnv {
  // vitest's NODE_ENV=test would give the site Vue's development build.
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.NODE_ENV;
  delete env.FORCE_COLOR;
  return env;
}

function toolscope(args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd, env: childEnv(), timeout: 240_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

let project: string;
beforeAll(async () => {
  project = await mkdtemp(path.join(tmpdir(), 'toolscope-cli-docs-'));
  await cp(PROJECT, project, { recursive: true });
  const generated = await toolscope(['generate'], project);
  expect(generated.stderr).toBe('');
  expect(generated.code).toBe(0);
}, 120_000);
afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

function git(args: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args],
      { cwd },
      (error) => (error ? reject(error) : resolve()),
    );
  });
}

describe("toolscope docs build: a changelog page per toolset, from the manifests' git history", () => {
  it('lists each version with the changes toolscope diff finds, breaking ones first', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'toolscope-cli-changelog-'));
    try {
      await cp(PROJECT, dir, { recursive: true });
      await git(['init', '-q', '-b', 'main'], dir);
      await git(['add', '-A'], dir);
      await git(['commit', '-qm', 'acme 1.0.0'], dir);
      const manifest = path.join(dir, 'manifests/acme.yaml');
      const text = await readFile(manifest, 'utf8');
      // A new required scope on an existing tool: users must consent again, so major.
      await writeFile(
        manifest,
        text
          .replace('version: 1.0.0', 'version: 2.0.0')
          .replace(
            'requiredScopes: [tickets:read]',
            'requiredScopes: [tickets:read, tickets:write]',
          ),
      );
      await git(['commit', '-qam', 'acme 2.0.0'], dir);
      expect((await toolscope(['generate'], dir)).code).toBe(0);
      const run = await toolscope(['docs', 'build', '--out', 'site'], dir);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.code).toBe(0);
      const page = await readFile(path.join(dir, 'site/changelog/acme.html'), 'utf8');
      expect(page).toContain('2.0.0');
      expect(page).toContain('1.0.0');
      expect(page).toContain('Breaking changes');
      expect(page).toContain('tickets:write');
      expect(page.indexOf('2.0.0')).toBeLessThan(page.indexOf('1.0.0'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

describe('toolscope docs build (a generated project in a temp folder, real VitePress build)', () => {
  it('writes DIR/index.html and a page per tool that names its scopes', async () => {
    const run = await toolscope(['docs', 'build', '--out', 'site'], project);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(0);
    // The team's guide and the toolset's changelog page.
    expect(run.stdout).toContain('docs: wrote site (1 toolset, 6 pages, 2 guides)');
    const site = path.join(project, 'site');
    expect(await readdir(site)).toEqual(expect.arrayContaining(['index.html', 'logo.svg']));
    const tools = await readdir(path.join(site, 'toolsets/acme/tools'));
    expect(tools.sort()).toEqual([
      'acme_closeTicket.html',
      'acme_listTickets.html',
      'acme_status.html',
      'acme_weeklyReport.html',
    ]);
    const close = await readFile(
      path.join(site, 'toolsets/acme/tools/acme_closeTicket.html'),
      'utf8',
    );
    expect(close).toContain('tickets:read');
    expect(close).toContain('tickets:write');
    // docs.base from the config: every asset is under it.
    const index = await readFile(path.join(site, 'index.html'), 'utf8');
    expect(index).toContain('href="/team-docs/assets/');
    expect(index).not.toMatch(/(src|href)="\/assets\//);
    expect(await readFile(path.join(site, 'guide/onboarding.html'), 'utf8')).toContain(
      'Onboarding',
    );
  }, 240_000);

  it('replaces its own earlier build (now with the toolscope guides asked for), and refuses a folder it did not write', async () => {
    const configFile = path.join(project, 'toolscope.config.json');
    const config = JSON.parse(await readFile(configFile, 'utf8'));
    config.docs.toolscopeGuides = true;
    await writeFile(configFile, JSON.stringify(config));
    const again = await toolscope(['docs', 'build', '--out', 'site'], project);
    expect(again.code).toBe(0);
    // The project's two guides and every guide toolscope ships.
    expect(again.stdout).toContain(`(1 toolset, 6 pages, ${2 + TOOLSCOPE_GUIDES.length} guides)`);
    const guide = await readFile(path.join(project, 'site/toolscope/wire-protocol.html'), 'utf8');
    expect(guide).toContain('The wire protocol');
    const foreign = path.join(project, 'foreign');
    await mkdir(foreign);
    await writeFile(path.join(foreign, 'keep.txt'), 'mine');
    const refused = await toolscope(['docs', 'build', '--out', 'foreign'], project);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error CONFIG_INVALID:');
    expect(refused.stderr).toContain('would delete them');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(foreign)).toEqual(['keep.txt']);
  }, 240_000);
});

describe('toolscope docs dev', () => {
  it('serves the pages on 127.0.0.1 and cleans up on SIGINT', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [bin, 'docs', 'dev', '--port', String(port)], {
      cwd: project,
      env: childEnv(),
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      for (let i = 0; i < 120 && !stdout.includes('serving'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const url = /serving (http:\/\/\S+)/.exec(stdout)?.[1];
      expect(url).toBe(`http://127.0.0.1:${port}/team-docs/`);
      const page = await fetch(`${url}toolsets/acme/tools/acme_closeTicket.md?import`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('tickets:write');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    const left = await readdir(STAGING).catch(() => []);
    expect(left.filter((name) => name.startsWith('dev-'))).toEqual([]);
  }, 120_000);
});

describe('toolscope docs, command line and setup', () => {
  it('says what to install when @toolscope/docs-site is missing', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'toolscope-no-docs-site-'));
    try {
      const error = await loadDocsSite([empty]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).hint).toContain('npm i -D @toolscope/docs-site');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('rejects a missing or unknown subcommand and misplaced options with exit 2', async () => {
    const none = await toolscope(['docs'], project);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('toolscope docs: a subcommand is missing.');
    expect((await toolscope(['docs', 'publish'], project)).stderr).toContain(
      'unknown subcommand "publish"',
    );
    const misplaced = await toolscope(['docs', 'build', '--port', '3000'], project);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain('--port is not an option of "toolscope docs build"');
    const help = await toolscope(['--help'], project);
    expect(help.stdout).toMatch(/docs\s+Build or serve the docs site/);
    expect((await toolscope(['docs', '--help'], project)).stdout).toContain(
      'npm i -D @toolscope/docs-site',
    );
  });

  it('finds docs packages by the config packageDir pattern, only where the generator wrote', async () => {
    expect(
      docsDirPattern({ packageDir: '{toolset}-{kind}', scope: '@a' }).exec('zoom-docs')?.groups,
    ).toEqual({ toolset: 'zoom' });
    const nested = docsDirPattern({ packageDir: '{kind}/{toolset}', scope: '@a' });
    expect(nested.exec('docs/zoom')?.groups?.toolset).toBe('zoom');
    expect(nested.test('server/zoom')).toBe(false);
    const out = path.join(project, 'generated');
    await mkdir(path.join(out, 'stray-docs'), { recursive: true });
    const found = await findGeneratedDocs({ out, packageDir: '{toolset}-{kind}', scope: '@acme' });
    expect(found).toEqual([{ toolset: 'acme', dir: path.join(out, 'acme-docs') }]);
  });
});
