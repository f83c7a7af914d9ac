import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type DemoHttpHandle, type DemoServerConfig, startDemoHttp } from '@toolscope/demo-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '../dist/bin.js');
const repo = path.resolve(here, '../../..');
const run = promisify(execFile);

// Providers on a loopback port nothing listens on: listing and token-less refusals never reach them.
const DEMO: DemoServerConfig = {
  zoom: {
    issuer: 'http://127.0.0.1:9/z',
    resource: 'http://127.0.0.1:9',
    statusUrl: 'http://127.0.0.1:9/s',
  },
  crm: {
    issuer: 'http://127.0.0.1:9/c',
    resource: 'http://127.0.0.1:9/crm',
    jwksUri: 'http://127.0.0.1:9/j',
  },
  orders: { resource: 'http://127.0.0.1:9/orders' },
  self: { issuer: 'http://127.0.0.1:9/self', jwksUri: 'http://127.0.0.1:9/sj' },
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function toolscope(
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd, env: { ...process.env, NO_COLOR: '1', ...env } },
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

let scratch: string;
let zoom: string;
let demo: DemoHttpHandle;

async function project(name: string, edit?: (zoom: string) => string): Promise<string> {
  const dir = path.join(scratch, name);
  await cp(path.join(repo, 'manifests'), path.join(dir, 'manifests'), { recursive: true });
  // The demo's toolsets only (the repo's config also names the conformance manifest).
  await writeFile(
    path.join(dir, 'toolscope.config.json'),
    JSON.stringify({
      manifests: ['manifests'],
      out: 'packages/generated',
      scope: '@toolscope-demo',
    }),
  );
  if (edit) await writeFile(path.join(dir, 'manifests/zoom.yaml'), edit(zoom));
  return dir;
}

const dropStatusTool = (text: string) => text.replace(/ {2}zoom_getServiceStatus:[\s\S]*$/, '');

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'toolscope-contract-cli-'));
  zoom = await readFile(path.join(repo, 'manifests/zoom.yaml'), 'utf8');
  demo = await startDemoHttp(DEMO);
});
afterAll(async () => {
  await demo.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('toolscope diff', () => {
  it('exits 1 on a breaking change without a major bump, with the table, the rule and the line', async () => {
    const dir = await project('breaking', dropStatusTool);
    const result = await toolscope(['diff', path.join(repo, 'manifests'), 'manifests'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('zoom 1.0.0 (unchanged): major: FAIL');
    expect(result.stdout).toMatch(/major {2}client callers {2}zoom_getServiceStatus +tool removed/);
    expect(result.stdout).toMatch(
      /why: calls to it fail and client code no longer compiles \(.*zoom\.yaml:1\d\d:3\)/,
    );
    expect(result.stdout).toContain('Breaking changes without a major version bump in: zoom.');
  });

  it('exits 0 when the breaking change comes with a major bump, and prints JSON with --json', async () => {
    const dir = await project('bumped', (t) =>
      dropStatusTool(t).replace('version: 1.0.0', 'version: 2.0.0'),
    );
    const result = await toolscope(
      ['diff', path.join(repo, 'manifests'), 'manifests', '--json'],
      dir,
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(true);
    const zoomDiff = report.toolsets.find((t: { toolset: string }) => t.toolset === 'zoom');
    expect(zoomDiff).toMatchObject({
      level: 'major',
      versionOk: true,
      oldVersion: '1.0.0',
      newVersion: '2.0.0',
    });
    expect(zoomDiff.changes[0]).toMatchObject({
      rule: 'tool-removed',
      tool: 'zoom_getServiceStatus',
      parties: ['callers'],
    });
  });

  it('compares with a git revision (--base) and writes a changeset once (--changeset)', async () => {
    const dir = await project('git');
    const git = (...args: string[]) =>
      run('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir });
    await git('init', '-q', '-b', 'main');
    await git('add', '-A');
    await git('commit', '-qm', 'v1');
    await writeFile(
      path.join(dir, 'manifests/zoom.yaml'),
      zoom
        .replace('version: 1.0.0', 'version: 1.1.0')
        .replace('See the details of a meeting', 'See one meeting'),
    );
    const first = await toolscope(['diff', '--base', 'main', '--changeset'], dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/patch {2}end users' tokens {2}provider zoom/);
    expect(first.stdout).toMatch(
      /Wrote the changeset \.changeset\/toolscope-zoom-[0-9a-f]{8}\.md\./,
    );
    const files = await readdir(path.join(dir, '.changeset'));
    expect(files).toHaveLength(1);
    const text = await readFile(path.join(dir, '.changeset', files[0]!), 'utf8');
    expect(text.split('\n').slice(0, 5)).toEqual([
      '---',
      '"@toolscope-demo/zoom-client": patch',
      '"@toolscope-demo/zoom-docs": patch',
      '"@toolscope-demo/zoom-server": patch',
      '---',
    ]);
    const second = await toolscope(['diff', '--base', 'main', '--changeset'], dir);
    expect(second.stdout).toContain('already records these changes; left as it is.');
    expect(await readdir(path.join(dir, '.changeset'))).toEqual(files);
  });

  it('exits 2 on a wrong command line and 1 on a missing revision', async () => {
    expect((await toolscope(['diff', 'manifests'], repo)).code).toBe(2);
    expect((await toolscope(['diff', 'a', 'b', '--dir', 'x'], repo)).code).toBe(2);
    const missing = await toolscope(['diff', '--base', 'no-such-ref-here'], repo);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('The git revision "no-such-ref-here" does not exist.');
  });
});

describe('toolscope verify', () => {
  it('passes against the demo server over HTTP, token-less calls included', async () => {
    const result = await toolscope(
      ['verify', 'manifests', '--call-without-token', '--url', demo.mcpUrl],
      repo,
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(
      /^19 tools listed, 19 tools declared, 18 token-less calls checked: 0 errors, 0 warnings\n$/,
    );
    expect(result.code).toBe(0);
  });

  it('fails on a manifest changed after generation, naming the tool, the field and the line', async () => {
    const dir = await project('changed', (t) =>
      t.replace(
        'topic: { type: string, minLength: 1, maxLength: 200 }',
        'topic: { type: string, minLength: 1, maxLength: 100 }',
      ),
    );
    const result = await toolscope(['verify', '--url', demo.mcpUrl], dir);
    expect(result.code).toBe(1);
    const line =
      zoom.split('\n').findIndex((l) => l.includes('topic: { type: string, minLength: 1')) + 1;
    expect(result.stdout).toContain(`manifests/zoom.yaml:${line}:`);
    expect(result.stdout).toContain(
      'zoom_createMeeting input.topic maxLength: the manifest says 100, the server lists 200.',
    );
    expect(result.stdout).toContain('VERIFY_SCHEMA_MISMATCH');
  });

  it('passes against the demo server over stdio', async () => {
    const result = await toolscope(
      [
        'verify',
        'manifests',
        '--stdio',
        process.execPath,
        path.join(repo, 'apps/demo-server/dist/main.js'),
        '--stdio',
      ],
      repo,
      { TOOLSCOPE_DEMO_SERVER: JSON.stringify(DEMO) },
    );
    expect(result.stdout).toContain('19 tools listed, 19 tools declared: 0 errors, 0 warnings');
    expect(result.code).toBe(0);
  });

  it('exits 2 without a target and 1 when the server cannot be reached', async () => {
    expect((await toolscope(['verify', 'manifests'], repo)).code).toBe(2);
    const down = await toolscope(['verify', 'manifests', '--url', 'http://127.0.0.1:9/mcp'], repo);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('Cannot connect to http://127.0.0.1:9/mcp.');
  });
});
