/**
 * The toolset's `$defs`: cycles that types cannot express, and the
 * self-contained wire documents that carry the definitions a tool uses.
 */
import type { Diagnostic } from './diagnostics.js';
import type { JsonSchemaDocument } from './ir.js';
import { escapePointerToken, type ParsedSource } from './source.js';

const REF = /^#\/\$defs\/([^/]+)$/;

function refTarget(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = REF.exec(value);
  return match ? (match[1] ?? '').replaceAll('~1', '/').replaceAll('~0', '~') : undefined;
}

/** References reached without passing through an object property or array item. */
function directRefs(
  raw: unknown,
  pointer: string,
  out: Array<{ name: string; pointer: string }>,
): void {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return;
  const node = raw as Record<string, unknown>;
  const name = refTarget(node.$ref);
  if (name !== undefined) out.push({ name, pointer: `${pointer}/$ref` });
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = node[key];
    if (!Array.isArray(list)) continue;
    for (const [index, item] of list.entries()) directRefs(item, `${pointer}/${key}/${index}`, out);
  }
}

/**
 * Reports `$defs` cycles made only of `$ref`s and unions (`A = B`, `B = A | string`):
 * no type system can name such a type. A cycle through an object or array is fine.
 */
export function checkDefCycles(
  defs: ReadonlyMap<string, unknown>,
  source: ParsedSource,
): Diagnostic[] {
  const edges = new Map<string, Array<{ name: string; pointer: string }>>();
  for (const [name, raw] of defs) {
    const out: Array<{ name: string; pointer: string }> = [];
    directRefs(raw, `/$defs/${escapePointerToken(name)}`, out);
    edges.set(
      name,
      out.filter((edge) => defs.has(edge.name)),
    );
  }
  const diagnostics: Diagnostic[] = [];
  const done = new Set<string>();
  const reported = new Set<string>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    if (done.has(name)) return;
    stack.push(name);
    for (const edge of edges.get(name) ?? []) {
      const start = stack.indexOf(edge.name);
      if (start >= 0) {
        const members = stack.slice(start);
        const key = [...members].sort().join('\u0000');
        if (reported.has(key)) continue;
        reported.add(key);
        const path = [...members, edge.name].join(' → ');
        diagnostics.push({
          severity: 'error',
          code: 'SCHEMA_REF_CYCLE',
          message: `The $defs cycle ${path} has no object or array in between, so no type can express it.`,
          hint: 'Break the cycle by wrapping one step in an object property or array items.',
          file: source.file,
          ...source.locate(edge.pointer, 'value'),
          pointer: edge.pointer,
        });
      } else visit(edge.name);
    }
    stack.pop();
    done.add(name);
  };
  for (const name of [...defs.keys()].sort()) visit(name);
  return diagnostics;
}

/** Every `$defs` name a schema refers to, anywhere in it. */
function collectRefs(raw: unknown, out: Set<string>): void {
  if (Array.isArray(raw)) {
    for (const item of raw) collectRefs(item, out);
    return;
  }
  if (raw === null || typeof raw !== 'object') return;
  for (const [key, value] of Object.entries(raw)) {
    const name = key === '$ref' ? refTarget(value) : undefined;
    if (name !== undefined) out.add(name);
    // `default`, `examples` and `const` hold data, not schemas.
    else if (key !== 'default' && key !== 'examples' && key !== 'const' && key !== 'enum')
      collectRefs(value, out);
  }
}

/** The `$defs` names a schema needs, transitively. */
export function transitiveRefs(raw: unknown, defs: ReadonlyMap<string, unknown>): string[] {
  const seen = new Set<string>();
  const pending = new Set<string>();
  collectRefs(raw, pending);
  while (pending.size > 0) {
    const [name] = pending;
    pending.delete(name as string);
    if (seen.has(name as string) || !defs.has(name as string)) continue;
    seen.add(name as string);
    collectRefs(defs.get(name as string), pending);
  }
  return [...seen].sort();
}

/**
 * A deep copy of JSON data, so the IR never aliases the parser's objects.
 * The parsers only yield null, booleans, numbers, strings, arrays and plain
 * objects; copying those by hand is several times faster than
 * `structuredClone`, which stays the fallback for anything else.
 */
export function cloneJson<T>(value: T): T {
  return copyJson(value) as T;
}

function copyJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyJson(value[i]);
    return out;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copyJson((value as Record<string, unknown>)[key]);
    // A "__proto__" key is data here: define it, never let it set the prototype.
    if (key === '__proto__') {
      Object.defineProperty(out, key, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else out[key] = item;
  }
  return out;
}

/** The wire document of a tool schema, with the `$defs` it uses copied in so its `$ref`s resolve. */
export function buildSchemaDocument(
  raw: Readonly<Record<string, unknown>>,
  defs: ReadonlyMap<string, unknown>,
): JsonSchemaDocument {
  const names = transitiveRefs(raw, defs);
  const document: Record<string, unknown> = cloneJson(raw);
  if (names.length > 0) {
    document.$defs = Object.fromEntries(names.map((name) => [name, cloneJson(defs.get(name))]));
  }
  return document as JsonSchemaDocument;
}
