import { describe, expect, it } from 'vitest';
import { readCorpus } from '../test/corpus.js';
import { diffManifests } from './index.js';

const corpus = readCorpus();

describe('the before/after corpus', () => {
  it('holds at least 40 pairs', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
  });

  it.each(corpus.map((c) => [c.name, c] as const))('%s is classified as expected', (_name, c) => {
    const diff = diffManifests(c.before, c.after);
    const changes = diff.toolsets.flatMap((t) => t.changes);
    expect({
      level: diff.level ?? null,
      rules: [...new Set(changes.map((ch) => ch.rule))].sort(),
      ok: diff.ok,
    }).toEqual(c.expect);
    // Every change points at a real line of the corpus file, on the side it exists on.
    for (const change of changes) {
      const where = change.location.after ?? change.location.before;
      expect(where?.file).toBe(c.file);
      const text = change.location.after ? c.afterText : c.beforeText;
      expect(text.split('\n')[where!.line - 1]?.trim()).not.toBe('');
    }
  });
});
