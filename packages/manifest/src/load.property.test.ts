import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { type LoadResult, loadManifestSources } from './index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const SEEDS = [
  'manifests/zoom.yaml',
  'manifests/orders.yaml',
  'manifests/crm.yaml',
  'manifests/workspace.yaml',
  'packages/manifest/test/fixtures/valid/kitchen-sink.yaml',
];
const texts = await Promise.all(SEEDS.map((f) => readFile(path.join(repo, f), 'utf8')));
const values: unknown[] = texts.map((t) => parse(t));

type Path = Array<string | number>;

function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) pathsOf(v, [...prefix, i], out);
  } else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

const DELETE = Symbol('delete');

function mutate(root: unknown, at: Path, replacement: unknown): unknown {
  if (at.length === 0) return replacement === DELETE ? null : replacement;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const key of at.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = at[at.length - 1] as string | number;
  if (replacement === DELETE) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return copy;
}

/** The loader's whole contract, checked on any result. */
function holdsContract(result: LoadResult): void {
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  expect(result.ir === undefined).toBe(errors.length > 0);
  for (const d of result.diagnostics) {
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.pointer === '' || d.pointer.startsWith('/')).toBe(true);
    expect(d.message.length).toBeGreaterThan(0);
  }
}

function load(file: string, text: string): LoadResult {
  const started = performance.now();
  const result = loadManifestSources([{ file, text }]);
  // Bounded: one manifest must never take long, whatever its content.
  expect(performance.now() - started).toBeLessThan(2000);
  holdsContract(result);
  return result;
}

const replacement = fc.oneof(
  fc.constant(DELETE),
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('none', 'oauth2', 'apiKey', 'object', '#/$defs/Nope', 'self', { type: 'object' }),
);

describe('loader property: never throws, always an IR or an error', () => {
  it('structural mutations of the shipped manifests (400 manifests)', () => {
    fc.assert(
      fc.property(
        fc.nat(SEEDS.length - 1),
        fc.array(fc.tuple(fc.nat(), replacement), { minLength: 1, maxLength: 4 }),
        fc.nat(3),
        (seed, edits, format) => {
          let value = values[seed];
          for (const [pick, with_] of edits) {
            const paths = pathsOf(value);
            value = mutate(value, paths[pick % paths.length] ?? [], with_);
          }
          // Mostly JSON text: rendering YAML costs as much as loading it.
          const asYaml = format === 0;
          load(
            asYaml ? 'm.yaml' : 'm.json',
            asYaml ? stringify(value) : JSON.stringify(value, null, 1),
          );
        },
      ),
      { numRuns: 400 },
    );
  }, 30_000);

  it('truncated and spliced texts (2 x 150 manifests)', () => {
    fc.assert(
      fc.property(
        fc.nat(SEEDS.length - 1),
        fc.nat(),
        fc.string({ maxLength: 8 }),
        (seed, cut, insert) => {
          const text = texts[seed] ?? '';
          const at = cut % (text.length + 1);
          load('t.yaml', text.slice(0, at));
          load('s.yaml', text.slice(0, at) + insert + text.slice(at + insert.length));
        },
      ),
      { numRuns: 150 },
    );
  }, 30_000);

  it('random text and random JSON (2 x 250 manifests)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.jsonValue({ maxDepth: 4 }), (text, json) => {
        const result = load('r.yaml', text);
        expect(result.ir === undefined || text.includes('tools')).toBe(true);
        load('r.json', JSON.stringify(json));
      }),
      { numRuns: 250 },
    );
  }, 30_000);

  it('an alias bomb is refused, not expanded', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    }
    const result = load('bomb.yaml', levels.join('\n'));
    expect(result.diagnostics[0]?.code).toBe('MANIFEST_SYNTAX');
  });
});
