import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fillPattern, loadConfig, PACKAGE_KINDS } from '@toolscope/codegen/config';
import { loadManifestSources, loadManifests, type ManifestIR } from '@toolscope/manifest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffManifests, renderChangeset, writeChangeset } from './index.js';

const run = promisify(execFile);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const changesetBin = path.join(repo, 'node_modules/@changesets/cli/bin.js');

let scratch: string;
let namer: (toolset: string) => string[];
let before: ManifestIR;
let after: ManifestIR;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'toolscope-changeset-'));
  // The repo's own generator config names the packages, through codegen's public API.
  const { config } = await loadConfig(repo);
  namer = (toolset) =>
    PACKAGE_KINDS.map((kind) =>
      fillPattern(config.packageName, { scope: config.scope, toolset, kind }),
    );
  const zoom = await readFile(path.join(repo, 'manifests/zoom.yaml'), 'utf8');
  before = (await loadManifests(path.join(repo, 'manifests/zoom.yaml'))).ir!;
  const changed = zoom
    .replace('version: 1.0.0', 'version: 2.0.0')
    .replace(
      'requiredScopes: [meeting:read:meeting]',
      'requiredScopes: [meeting:read:meeting, meeting:write:meeting]',
    )
    .replace('List the signed-in user', 'List <b>the</b> {{ signed-in }} user');
  after = loadManifestSources([{ file: 'zoom.yaml', text: changed }]).ir!;
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function git(cwd: string, ...args: string[]): Promise<void> {
  await run('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd });
}

describe('toolscope diff --changeset', () => {
  it('names the generated packages as the generator does and bumps them by the computed level', () => {
    const rendered = renderChangeset(diffManifests(before, after), namer)!;
    expect(rendered.releases).toEqual({
      '@toolscope-demo/zoom-client': 'major',
      '@toolscope-demo/zoom-docs': 'major',
      '@toolscope-demo/zoom-server': 'major',
    });
    expect(rendered.text).toContain('requires the new scope "meeting:write:meeting"');
    // Manifest text is escaped: no HTML, no Vue interpolation.
    expect(rendered.text).not.toMatch(/<b>|\{\{/);
  });

  it('writes a changeset that the real `changeset status` accepts', async () => {
    const root = path.join(scratch, 'workspace');
    await mkdir(path.join(root, '.changeset'), { recursive: true });
    await writeFile(
      path.join(root, 'package.json'),
      JSON.stringify({ name: 'ws', private: true, workspaces: ['packages/*'] }),
    );
    await writeFile(
      path.join(root, '.changeset/config.json'),
      JSON.stringify({
        $schema: 'https://unpkg.com/@changesets/config@3.1.1/schema.json',
        baseBranch: 'main',
        access: 'public',
      }),
    );
    for (const name of namer('zoom')) {
      const dir = path.join(root, 'packages', name.split('/')[1]!);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0' }));
    }
    await git(root, 'init', '-q', '-b', 'main');
    await git(root, 'add', '-A');
    await git(root, 'commit', '-qm', 'initial');
    await git(root, 'checkout', '-qb', 'feature');
    const result = await writeChangeset(
      diffManifests(before, after),
      path.join(root, '.changeset'),
      namer,
    );
    expect(result.status).toBe('written');
    await git(root, 'add', '-A');
    await git(root, 'commit', '-qm', 'changeset');
    await run(process.execPath, [changesetBin, 'status', '--output=status.json'], { cwd: root });
    const status = JSON.parse(await readFile(path.join(root, 'status.json'), 'utf8')) as {
      releases: Array<{ name: string; type: string; newVersion: string }>;
    };
    expect(status.releases.map((r) => [r.name, r.type, r.newVersion]).sort()).toEqual([
      ['@toolscope-demo/zoom-client', 'major', '2.0.0'],
      ['@toolscope-demo/zoom-docs', 'major', '2.0.0'],
      ['@toolscope-demo/zoom-server', 'major', '2.0.0'],
    ]);
  });

  it('never overwrites a changeset file', async () => {
    const dir = path.join(scratch, 'keep');
    const diff = diffManifests(before, after);
    const first = await writeChangeset(diff, dir, namer);
    expect(first.status).toBe('written');
    expect((await writeChangeset(diff, dir, namer)).status).toBe('exists');
    await writeFile(first.file!, 'edited by a person\n');
    await expect(writeChangeset(diff, dir, namer)).rejects.toThrow(
      /already exists; it was left alone/,
    );
    expect(await readFile(first.file!, 'utf8')).toBe('edited by a person\n');
  });

  it('writes nothing when nothing changed', async () => {
    const result = await writeChangeset(
      diffManifests(before, before),
      path.join(scratch, 'none'),
      namer,
    );
    expect(result.status).toBe('nothing-to-release');
  });
});
