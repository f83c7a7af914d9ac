/**
 * The released versions of each toolset, from git: every commit that changed
 * a manifest is read (with `git show`, nothing checked out) and the first
 * commit at which a toolset has a version is that version's release. What the
 * docs site's changelog page per toolset is made from.
 */
import { execFile } from 'node:child_process';
import { loadManifestSources, type ManifestIR, type ToolsetIR } from '@toolscope/manifest';
import {
  releasesFromSnapshots,
  renderToolsetChangelog,
  type ToolsetSnapshot,
} from './changelog.js';
import { readManifestsAtRef } from './git.js';

/** How many manifest-changing commits are read at most, newest first. */
const MAX_COMMITS = 200;

function gitLog(inputs: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['log', `--max-count=${MAX_COMMITS}`, '--format=%H %cs', '--', ...inputs],
      { cwd, encoding: 'utf8', maxBuffer: 8 * 1024 * 1024 },
      // Not a git repository, or no history: no releases beyond the working tree.
      (error, stdout) => resolve(error ? '' : stdout),
    );
  });
}

/**
 * Each toolset's releases, oldest first: one snapshot per version, dated by the
 * first commit that has it, and the working tree's version last when it is not
 * committed yet. Commits whose manifests do not load are skipped.
 */
export async function toolsetHistory(
  current: ManifestIR,
  inputs: readonly string[],
  cwd: string,
): Promise<Map<string, ToolsetSnapshot[]>> {
  const commits = (await gitLog(inputs, cwd))
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const [sha = '', date = ''] = line.split(' ');
      return { sha, date };
    })
    .reverse();
  const history = new Map<string, ToolsetSnapshot[]>();
  const seen = new Map<string, Set<string>>();
  const add = (toolset: ToolsetIR, date: string | undefined) => {
    const versions = seen.get(toolset.name) ?? new Set<string>();
    if (versions.has(toolset.version)) return;
    versions.add(toolset.version);
    seen.set(toolset.name, versions);
    const list = history.get(toolset.name) ?? [];
    list.push(date === undefined ? { toolset } : { toolset, date });
    history.set(toolset.name, list);
  };
  for (const { sha, date } of commits) {
    let ir: ManifestIR | undefined;
    try {
      ir = loadManifestSources(await readManifestsAtRef(sha, inputs, cwd)).ir;
    } catch {
      continue;
    }
    for (const toolset of ir?.toolsets ?? []) add(toolset, date);
  }
  for (const toolset of current.toolsets) add(toolset, undefined);
  // Only toolsets that still exist get a page.
  const names = new Set(current.toolsets.map((t) => t.name));
  for (const name of [...history.keys()]) if (!names.has(name)) history.delete(name);
  return history;
}

/** One toolset's changelog page, ready for the docs site. */
export interface ToolsetChangelogPage {
  readonly toolset: string;
  readonly title: string;
  readonly markdown: string;
}

/**
 * The changelog page of every toolset in `current`, from the manifests' git
 * history (`toolsetHistory`): what `toolscope docs build` and this repo's site
 * publish at `/changelog/<toolset>`.
 */
export async function toolsetChangelogPages(
  current: ManifestIR,
  inputs: readonly string[],
  cwd: string,
): Promise<ToolsetChangelogPage[]> {
  const history = await toolsetHistory(current, inputs, cwd);
  return current.toolsets
    .filter((toolset) => history.has(toolset.name))
    .map((toolset) => ({
      toolset: toolset.name,
      title: toolset.title,
      markdown: renderToolsetChangelog({
        toolset: toolset.name,
        title: toolset.title,
        releases: releasesFromSnapshots(history.get(toolset.name) ?? []),
      }),
    }));
}
