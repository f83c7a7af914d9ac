/**
 * A toolset's changelog page for the docs site: one section per release,
 * newest first, each change with its level and who it affects.
 */
import type { ToolsetIR } from '@toolscope/manifest';
import { diffToolset } from './diff-toolset.js';
import { changeBullet, escapeMarkdown } from './markdown.js';
import { compareSemver } from './semver.js';
import type { ContractChange, ReleaseLevel } from './types.js';

/** One release of a toolset: its version and what changed since the one before. */
export interface ChangelogRelease {
  readonly version: string;
  /** ISO date (`2026-12-01`), when known. */
  readonly date?: string;
  readonly level?: ReleaseLevel;
  readonly changes: readonly ContractChange[];
}

/** What the changelog page is about. */
export interface ChangelogPage {
  readonly toolset: string;
  readonly title: string;
  readonly releases: readonly ChangelogRelease[];
}

const HEADINGS: Readonly<Record<ReleaseLevel, string>> = {
  major: 'Breaking changes',
  minor: 'New and widened',
  patch: 'Documentation and fixes',
};

/** Renders the Markdown of a toolset's changelog page (VitePress-safe: manifest text is escaped). */
export function renderToolsetChangelog(page: ChangelogPage): string {
  const releases = [...page.releases].sort((a, b) => compareSemver(b.version, a.version));
  const out = [
    `# ${escapeMarkdown(page.title)} changelog`,
    '',
    `Every release of the \`${page.toolset.replace(/[^a-z0-9-]/g, '')}\` toolset, newest first, as \`toolscope diff\` classified it.`,
  ];
  for (const release of releases) {
    const date = release.date === undefined ? '' : ` (${escapeMarkdown(release.date)})`;
    out.push('', `## ${escapeMarkdown(release.version)}${date}`);
    if (release.changes.length === 0) {
      out.push('', 'No contract changes.');
      continue;
    }
    for (const level of ['major', 'minor', 'patch'] as const) {
      const changes = release.changes.filter((c) => c.level === level);
      if (changes.length === 0) continue;
      out.push('', `### ${HEADINGS[level]}`, '', ...changes.map(changeBullet));
    }
  }
  return `${out.join('\n')}\n`;
}

/** One released version of a toolset, as a git tag or a published package holds it. */
export interface ToolsetSnapshot {
  readonly toolset: ToolsetIR;
  readonly date?: string;
}

/**
 * The releases of a changelog page from a toolset's released versions (any
 * order): each release lists the changes since the version before it; the
 * first one has none.
 */
export function releasesFromSnapshots(snapshots: readonly ToolsetSnapshot[]): ChangelogRelease[] {
  const ordered = [...snapshots].sort((a, b) =>
    compareSemver(a.toolset.version, b.toolset.version),
  );
  return ordered.map((snapshot, index) => {
    const previous = ordered[index - 1];
    const diff = previous ? diffToolset(previous.toolset, snapshot.toolset) : undefined;
    return {
      version: snapshot.toolset.version,
      ...(snapshot.date === undefined ? {} : { date: snapshot.date }),
      ...(diff?.level === undefined ? {} : { level: diff.level }),
      changes: diff?.changes ?? [],
    };
  });
}
