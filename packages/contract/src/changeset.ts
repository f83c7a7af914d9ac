/**
 * `toolscope diff --changeset`: a `.changeset/*.md` that bumps each changed
 * toolset's generated packages by the level the diff computed and lists the
 * changes as the release note. An existing file is never overwritten.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ContractError } from './errors.js';
import { changeBullet, escapeMarkdown } from './markdown.js';
import type { ContractDiff, ReleaseLevel, ToolsetDiff } from './types.js';

/** The npm names of a toolset's generated packages (the generator's naming). */
export type PackageNamer = (toolset: string) => readonly string[];

/** A rendered changeset: its file name (without directory) and text. */
export interface RenderedChangeset {
  readonly name: string;
  readonly text: string;
  /** Package name → bump level. */
  readonly releases: Readonly<Record<string, ReleaseLevel>>;
}

/** What `writeChangeset` did. */
export interface ChangesetResult {
  readonly status: 'written' | 'exists' | 'nothing-to-release';
  /** The absolute path of the file, unless there was nothing to release. */
  readonly file?: string;
  readonly releases: Readonly<Record<string, ReleaseLevel>>;
}

/** Toolsets whose packages still exist and get a release. */
function released(diff: ContractDiff): ToolsetDiff[] {
  return diff.toolsets.filter(
    (t) => t.level !== undefined && (t.status === 'changed' || t.status === 'added'),
  );
}

/** Renders the changeset for a diff, or undefined when no toolset has a release. */
export function renderChangeset(
  diff: ContractDiff,
  packageNames: PackageNamer,
): RenderedChangeset | undefined {
  const toolsets = released(diff);
  if (toolsets.length === 0) return undefined;
  const releases: Record<string, ReleaseLevel> = {};
  for (const t of toolsets) {
    for (const name of packageNames(t.toolset)) releases[name] = t.level!;
  }
  const front = Object.keys(releases)
    .sort()
    .map((name) => `${JSON.stringify(name)}: ${releases[name]}`);
  const body = toolsets.map((t) => {
    const head =
      t.status === 'added'
        ? `${escapeMarkdown(t.toolset)}: new toolset at ${escapeMarkdown(t.newVersion ?? '')}.`
        : `${escapeMarkdown(t.toolset)} ${escapeMarkdown(t.oldVersion ?? '')} → ${escapeMarkdown(t.newVersion ?? '')}: ${t.level} (${t.changes.length} change${t.changes.length === 1 ? '' : 's'}, found by toolscope diff).`;
    return [head, '', ...t.changes.map(changeBullet)].join('\n');
  });
  const text = `---\n${front.join('\n')}\n---\n\n${body.join('\n\n')}\n`;
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 8);
  const name = `toolscope-${toolsets
    .map((t) => t.toolset)
    .join('-')
    .slice(0, 60)}-${digest}.md`;
  return { name, text, releases };
}

/** Writes the changeset into `dir` (created when missing); never overwrites a file. */
export async function writeChangeset(
  diff: ContractDiff,
  dir: string,
  packageNames: PackageNamer,
): Promise<ChangesetResult> {
  const rendered = renderChangeset(diff, packageNames);
  if (!rendered) return { status: 'nothing-to-release', releases: {} };
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, rendered.name);
  try {
    await writeFile(file, rendered.text, { flag: 'wx' });
    return { status: 'written', file, releases: rendered.releases };
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') {
      throw new ContractError('CONFIG_INVALID', `Cannot write the changeset ${file}.`, {
        cause: error,
        location: { file },
      });
    }
    const existing = await readFile(file, 'utf8');
    if (existing === rendered.text) return { status: 'exists', file, releases: rendered.releases };
    throw new ContractError(
      'CONFIG_INVALID',
      `A different changeset named ${rendered.name} already exists; it was left alone.`,
      { hint: 'Move or rename it, then run the command again.', location: { file } },
    );
  }
}
