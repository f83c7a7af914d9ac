/** Reads the before/after corpus: each file holds an expectation and two manifests as three documents. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadManifestSources, type ManifestIR } from '@toolscope/manifest';
import type { ReleaseLevel } from '../src/index.js';

/** What a corpus case expects of the diff. */
export interface CorpusExpectation {
  readonly level: ReleaseLevel | null;
  /** The set of rule ids the changes carry, sorted. */
  readonly rules: readonly string[];
  /** Whether the version gate passes. */
  readonly ok: boolean;
}

/** One loaded corpus case. */
export interface CorpusCase {
  readonly name: string;
  readonly file: string;
  readonly expect: CorpusExpectation;
  readonly before: ManifestIR;
  readonly after: ManifestIR;
  readonly beforeText: string;
  readonly afterText: string;
}

/** The folder of the corpus files. */
export const CORPUS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus');

function load(file: string, text: string): ManifestIR {
  const result = loadManifestSources([{ file, text }]);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.ir || errors.length > 0) {
    throw new TypeError(
      `${file} does not load: ${errors.map((d) => `${d.line}: ${d.message}`).join('; ')}`,
    );
  }
  return result.ir;
}

/** Loads every corpus case; the manifests are padded so their lines are the corpus file's lines. */
export function readCorpus(): CorpusCase[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const file = path.join(CORPUS_DIR, name);
      const text = readFileSync(file, 'utf8');
      const [head = '', before = '', after = ''] = text.split(/^---\n/m);
      const expect = JSON.parse(
        head
          .split('\n')
          .filter((l) => !l.startsWith('#'))
          .join('\n'),
      ) as CorpusExpectation;
      const lines = (s: string) => s.split('\n').length - 1;
      const beforeText = '\n'.repeat(lines(head) + 1) + before;
      const afterText = '\n'.repeat(lines(head) + 1 + lines(before) + 1) + after;
      return {
        name: name.replace(/\.yaml$/, ''),
        file: `test/corpus/${name}`,
        expect,
        before: load(`test/corpus/${name}`, beforeText),
        after: load(`test/corpus/${name}`, afterText),
        beforeText,
        afterText,
      };
    });
}
