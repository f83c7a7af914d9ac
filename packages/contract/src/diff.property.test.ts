import { loadManifestSources, type ManifestIR } from '@toolscope/manifest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manifestArb, shuffleKeys } from '../test/arbitraries.js';
import { type ContractDiff, diffManifests } from './index.js';

function load(data: unknown, file: string): ManifestIR {
  const result = loadManifestSources([{ file, text: JSON.stringify(data, null, 2) }]);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => `${d.code} ${d.pointer}: ${d.message}`)).toEqual([]);
  return result.ir!;
}

/** The classification of a diff without positions, as a sorted list. */
function classification(diff: ContractDiff): string[] {
  return diff.toolsets
    .flatMap((t) => t.changes)
    .map((c) => JSON.stringify([c.rule, c.level, c.parties, c.subject, c.message]))
    .sort();
}

describe('diff properties', () => {
  it('a manifest diffed with itself has no changes', () => {
    fc.assert(
      fc.property(manifestArb, (manifest) => {
        const ir = load(manifest, 'same.json');
        const diff = diffManifests(ir, load(manifest, 'again.json'));
        expect(classification(diff)).toEqual([]);
        expect(diff.level).toBeUndefined();
        expect(diff.ok).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('a manifest diffed with a copy whose keys and tools are reordered has no changes', () => {
    fc.assert(
      fc.property(manifestArb, fc.nat(), (manifest, seed) => {
        const diff = diffManifests(
          load(manifest, 'a.json'),
          load(shuffleKeys(manifest, seed), 'b.json'),
        );
        expect(classification(diff)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('classifications are stable when both sides have their keys and tools reordered', () => {
    let changed = 0;
    fc.assert(
      fc.property(manifestArb, manifestArb, fc.nat(), fc.nat(), (before, after, s1, s2) => {
        const plain = diffManifests(load(before, 'a.json'), load(after, 'b.json'));
        const shuffled = diffManifests(
          load(shuffleKeys(before, s1), 'a.json'),
          load(shuffleKeys(after, s2), 'b.json'),
        );
        expect(classification(shuffled)).toEqual(classification(plain));
        expect(shuffled.level).toBe(plain.level);
        expect(shuffled.ok).toBe(plain.ok);
        if (plain.level !== undefined) changed++;
      }),
      { numRuns: 150 },
    );
    // The property means something only if most random pairs differ.
    expect(changed).toBeGreaterThan(100);
  });
});
