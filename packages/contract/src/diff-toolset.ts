/** The changes between two versions of a toolset, and the version its new manifest should carry. */
import type { ToolIR, ToolsetIR } from '@toolscope/manifest';
import { contractChange } from './change.js';
import { diffProvider } from './diff-provider.js';
import { diffTool } from './diff-tool.js';
import { locateToolset } from './locate.js';
import { canonicalJson } from './schema/json.js';
import { isBreakingBump, nextVersion } from './semver.js';
import {
  type ContractChange,
  levelRank,
  maxLevel,
  type ReleaseLevel,
  type ToolsetDiff,
} from './types.js';

/** What makes two tools the same contract under two names (a rename). */
function shape(tool: ToolIR): string {
  return canonicalJson([tool.authorization, tool.inputSchema, tool.outputSchema ?? null]);
}

function toolChanges(before: ToolsetIR, after: ToolsetIR): ContractChange[] {
  const oldLocator = locateToolset(before);
  const newLocator = locateToolset(after);
  const oldTools = new Map(before.tools.map((t) => [t.name, t]));
  const newTools = new Map(after.tools.map((t) => [t.name, t]));
  const out: ContractChange[] = [];
  const removed = before.tools.filter((t) => !newTools.has(t.name));
  const added = after.tools.filter((t) => !oldTools.has(t.name));
  for (const tool of after.tools) {
    const old = oldTools.get(tool.name);
    if (old) out.push(...diffTool({ before: old, after: tool, oldLocator, newLocator }));
  }
  for (const gone of removed) {
    const twin = added.find((t) => shape(t) === shape(gone));
    if (twin) {
      added.splice(added.indexOf(twin), 1);
      out.push(
        contractChange('tool-renamed', {
          tool: gone.name,
          subject: gone.name,
          message: `renamed to ${twin.name}`,
          before: gone.source,
          after: twin.source,
        }),
      );
    } else {
      out.push(
        contractChange('tool-removed', {
          tool: gone.name,
          subject: gone.name,
          message: 'tool removed',
          before: gone.source,
        }),
      );
    }
  }
  for (const tool of added) {
    out.push(
      contractChange('tool-added', {
        tool: tool.name,
        subject: tool.name,
        message: 'new tool',
        after: tool.source,
      }),
    );
  }
  return out;
}

function toolsetChanges(before: ToolsetIR, after: ToolsetIR): ContractChange[] {
  const out: ContractChange[] = [];
  for (const key of ['title', 'description'] as const) {
    if (before[key] === after[key]) continue;
    out.push(
      contractChange('toolset-text', {
        subject: `toolset ${after.name}`,
        message: `${key} changed`,
        before: before.source,
        after: after.source,
      }),
    );
  }
  const oldProviders = new Map(before.providers.map((p) => [p.id, p]));
  for (const provider of after.providers) {
    const old = oldProviders.get(provider.id);
    if (old) out.push(...diffProvider(old, provider));
  }
  return out;
}

/** Sorts changes: major first, then by tool and subject, so output is stable. */
export function sortChanges(changes: readonly ContractChange[]): ContractChange[] {
  return [...changes].sort(
    (a, b) =>
      levelRank(a.level) - levelRank(b.level) ||
      (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

function highest(changes: readonly ContractChange[]): ReleaseLevel | undefined {
  return changes.reduce<ReleaseLevel | undefined>(
    (level, c) => maxLevel(level, c.level),
    undefined,
  );
}

/** Diffs two versions of one toolset and checks its version against the changes. */
export function diffToolset(before: ToolsetIR, after: ToolsetIR): ToolsetDiff {
  const changes = sortChanges([...toolsetChanges(before, after), ...toolChanges(before, after)]);
  const level = highest(changes);
  const versionOk = level !== 'major' || isBreakingBump(before.version, after.version);
  return {
    toolset: after.name,
    status: changes.length === 0 ? 'unchanged' : 'changed',
    oldVersion: before.version,
    newVersion: after.version,
    level,
    ...(level === undefined ? {} : { suggestedVersion: nextVersion(before.version, level) }),
    versionOk,
    changes,
  };
}

/** A toolset only the new side has. */
export function addedToolset(after: ToolsetIR): ToolsetDiff {
  return {
    toolset: after.name,
    status: 'added',
    newVersion: after.version,
    level: 'minor',
    versionOk: true,
    changes: [
      contractChange('toolset-added', {
        subject: `toolset ${after.name}`,
        message: `new toolset with ${after.tools.length} tools`,
        after: after.source,
      }),
    ],
  };
}

/**
 * A toolset only the old side has. Its packages stop being generated, so there
 * is no version left to bump: it is reported as major but does not fail the gate.
 */
export function removedToolset(before: ToolsetIR): ToolsetDiff {
  return {
    toolset: before.name,
    status: 'removed',
    oldVersion: before.version,
    level: 'major',
    versionOk: true,
    changes: [
      contractChange('toolset-removed', {
        subject: `toolset ${before.name}`,
        message: `toolset removed with its ${before.tools.length} tools`,
        before: before.source,
      }),
    ],
  };
}
