/** JSON pointers and local `$ref`s inside one OpenAPI document. */
import type { Reporter } from './diagnostics.js';

/** A plain JSON object as parsed. */
export type Json = Record<string, unknown>;

/** A plain object (not an array, not null). */
export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Escapes one reference token (RFC 6901). */
export function token(name: string | number): string {
  return String(name).replaceAll('~', '~0').replaceAll('/', '~1');
}

/** `pointer` + one token. */
export function child(pointer: string, name: string | number): string {
  return `${pointer}/${token(name)}`;
}

/** The value at a JSON pointer, or undefined. */
export function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let current = root;
  for (const raw of pointer.slice(1).split('/')) {
    const name = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current)) current = current[Number(name)];
    else if (isObject(current) && Object.hasOwn(current, name)) current = current[name];
    else return undefined;
  }
  return current;
}

/** The JSON pointer a local `$ref` (`#/a/b`, percent-encoded or not) names, or undefined for other documents. */
export function localPointer(ref: string): string | undefined {
  if (!ref.startsWith('#')) return undefined;
  const fragment = ref.slice(1);
  if (fragment !== '' && !fragment.startsWith('/')) return undefined;
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/** A node after following its `$ref` chain, with the pointer it was found at. */
export interface Resolved {
  readonly value: unknown;
  readonly pointer: string;
}

/**
 * Follows `$ref`s (parameters, request bodies, responses, schemes…) until a
 * node without one; undefined (reported) for external, unresolved or cyclic chains.
 */
export function resolve(
  doc: unknown,
  value: unknown,
  pointer: string,
  reporter: Reporter,
  what: string,
): Resolved | undefined {
  const seen = new Set<string>();
  let current: Resolved = { value, pointer };
  for (;;) {
    if (!isObject(current.value) || typeof current.value.$ref !== 'string') return current;
    const ref = current.value.$ref;
    const at = child(current.pointer, '$ref');
    const target = localPointer(ref);
    if (target === undefined) {
      reporter.warn(
        'OPENAPI_REF_EXTERNAL',
        `The ${what} "$ref: ${ref}" points to another document, which the importer does not read.`,
        at,
        'Bundle the document first (every $ref local, e.g. with a bundler), then import it.',
      );
      return undefined;
    }
    if (seen.has(target)) {
      reporter.warn(
        'OPENAPI_REF_CYCLE',
        `The ${what} "$ref: ${ref}" comes back to itself.`,
        at,
        'Point the $ref at the object itself.',
      );
      return undefined;
    }
    seen.add(target);
    const next = valueAt(doc, target);
    if (next === undefined) {
      reporter.warn(
        'OPENAPI_REF_UNRESOLVED',
        `The ${what} "$ref: ${ref}" names nothing in this document.`,
        at,
        'Fix the pointer, or define the object it names.',
      );
      return undefined;
    }
    current = { value: next, pointer: target };
  }
}
