/** The readable report of a diff: one block per toolset, one table row per change. */
import type { SourcePosition } from '@toolscope/manifest';
import { compareSemver } from './semver.js';
import { type ContractChange, type ContractDiff, PARTY_LABELS, type ToolsetDiff } from './types.js';

/** Options of `renderDiffText`. */
export interface RenderTextOptions {
  /** Whether to include toolsets without changes. */
  readonly showUnchanged?: boolean;
}

// Manifest text is untrusted: control characters (ANSI escapes, carriage
// returns) must not reach the terminal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** A string made safe for one line of terminal output. */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, '�');
}

/** `file:line:column`. */
export function formatPosition(position: SourcePosition): string {
  return `${terminalSafe(position.file)}:${position.line}:${position.column}`;
}

function versions(diff: ToolsetDiff): string {
  if (diff.status === 'added') return `new at ${diff.newVersion}`;
  if (diff.status === 'removed') return `removed (was ${diff.oldVersion})`;
  return diff.oldVersion === diff.newVersion
    ? `${diff.newVersion} (unchanged)`
    : `${diff.oldVersion} → ${diff.newVersion}`;
}

function verdict(diff: ToolsetDiff): string {
  if (diff.level === undefined) return 'no changes';
  if (!diff.versionOk) {
    return `${diff.level}: FAIL, breaking changes need a major version bump (${diff.suggestedVersion} or later)`;
  }
  const behind =
    diff.suggestedVersion !== undefined &&
    diff.newVersion !== undefined &&
    diff.status === 'changed' &&
    compareSemver(diff.newVersion, diff.suggestedVersion) < 0;
  const hint = behind ? `; the version should be at least ${diff.suggestedVersion}` : '';
  return `${diff.level}${hint}`;
}

function row(change: ContractChange): string[] {
  return [
    change.level,
    change.parties.map((p) => PARTY_LABELS[p]).join(', '),
    terminalSafe(change.subject),
    terminalSafe(change.message),
  ];
}

function table(changes: readonly ContractChange[]): string {
  const header = ['level', 'affects', 'what', 'change'];
  const rows = changes.map(row);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    `  ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`;
  const out = [line(header)];
  changes.forEach((change, index) => {
    out.push(line(rows[index]!));
    const where = change.location.after ?? change.location.before;
    const pad = ' '.repeat(widths[0]! + 4);
    out.push(`${pad}why: ${change.why}${where ? ` (${formatPosition(where)})` : ''}`);
  });
  return out.join('\n');
}

/** Renders a diff as text: a heading per toolset with its verdict, then its changes as a table. */
export function renderDiffText(diff: ContractDiff, options: RenderTextOptions = {}): string {
  const blocks = diff.toolsets
    .filter((t) => options.showUnchanged === true || t.changes.length > 0)
    .map((t) => {
      const head = `${terminalSafe(t.toolset)} ${versions(t)}: ${verdict(t)}`;
      return t.changes.length === 0 ? head : `${head}\n${table(t.changes)}`;
    });
  const failing = diff.toolsets.filter((t) => !t.versionOk).map((t) => t.toolset);
  const summary =
    diff.level === undefined
      ? 'No contract changes.'
      : failing.length > 0
        ? `Breaking changes without a major version bump in: ${failing.map(terminalSafe).join(', ')}.`
        : `Highest level: ${diff.level}; every breaking change comes with a major version bump.`;
  return [...blocks, summary].join('\n\n');
}
