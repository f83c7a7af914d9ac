/** `diffManifests`: every toolset of two loads compared by name. */
import type { ManifestIR } from '@toolscope/manifest';
import { addedToolset, diffToolset, removedToolset } from './diff-toolset.js';
import { type ContractDiff, maxLevel, type ReleaseLevel, type ToolsetDiff } from './types.js';

/** Compares two sets of manifests; toolsets are matched by their `toolset` id. */
export function diffManifests(before: ManifestIR, after: ManifestIR): ContractDiff {
  const oldSets = new Map(before.toolsets.map((t) => [t.name, t]));
  const newSets = new Map(after.toolsets.map((t) => [t.name, t]));
  const names = [...new Set([...oldSets.keys(), ...newSets.keys()])].sort();
  const toolsets: ToolsetDiff[] = names.map((name) => {
    const a = oldSets.get(name);
    const b = newSets.get(name);
    if (a && b) return diffToolset(a, b);
    return a ? removedToolset(a) : addedToolset(b!);
  });
  const level = toolsets.reduce<ReleaseLevel | undefined>(
    (l, t) => maxLevel(l, t.level),
    undefined,
  );
  return { toolsets, level, ok: toolsets.every((t) => t.versionOk) };
}
