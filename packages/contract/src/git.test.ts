import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ToolscopeError } from '@toolscope/core';
import { loadManifestSources, loadManifests } from '@toolscope/manifest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffManifests, readManifestsAtRef } from './index.js';

const run = promisify(execFile);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'toolscope-git-'));
  await mkdir(path.join(root, 'manifests'));
  await copyFile(path.join(repo, 'manifests/zoom.yaml'), path.join(root, 'manifests/zoom.yaml'));
  await writeFile(path.join(root, 'manifests/notes.txt'), 'not a manifest\n');
  const git = (...args: string[]) =>
    run('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: root });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-qm', 'v1');
  const text = await readFile(path.join(root, 'manifests/zoom.yaml'), 'utf8');
  await writeFile(
    path.join(root, 'manifests/zoom.yaml'),
    text.replace(/ {2}zoom_getServiceStatus:[\s\S]*$/, ''),
  );
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('readManifestsAtRef', () => {
  it('reads the manifests of a revision without touching the working tree', async () => {
    const sources = await readManifestsAtRef('main', ['manifests'], root);
    expect(sources.map((s) => s.file)).toEqual(['main:manifests/zoom.yaml']);
    const before = loadManifestSources(sources);
    const after = await loadManifests('manifests', { cwd: root });
    const diff = diffManifests(before.ir!, after.ir!);
    const removed = diff.toolsets[0]!.changes.find((c) => c.rule === 'tool-removed')!;
    expect(removed.tool).toBe('zoom_getServiceStatus');
    expect(removed.location.before?.file).toBe('main:manifests/zoom.yaml');
    expect(removed.location.before?.line).toBeGreaterThan(100);
    expect(diff.ok).toBe(false);
    // The working tree still has the edit.
    expect(await readFile(path.join(root, 'manifests/zoom.yaml'), 'utf8')).not.toContain(
      'zoom_getServiceStatus',
    );
  });

  it('says so when the revision does not exist', async () => {
    await expect(readManifestsAtRef('no-such-branch', ['manifests'], root)).rejects.toThrow(
      /The git revision "no-such-branch" does not exist/,
    );
  });

  it('refuses a revision that looks like an option', async () => {
    const error = await readManifestsAtRef('--output=/tmp/x', ['manifests'], root).catch((e) => e);
    expect(error).toBeInstanceOf(ToolscopeError);
    expect((error as ToolscopeError).message).toMatch(/is not a git revision/);
  });
});
