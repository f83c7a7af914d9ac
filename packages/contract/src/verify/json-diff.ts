/** A structural diff of two JSON values: the pointers where they differ. */
import { isObject, jsonEqual, pointerToken } from '../schema/json.js';

/** One place where two JSON values differ. */
export interface JsonDifference {
  readonly pointer: string;
  /** Undefined when the key is absent on that side. */
  readonly expected: unknown;
  readonly actual: unknown;
}

/** Keys whose array values are sets in JSON Schema (order carries no meaning). */
const SET_KEYS = new Set(['required', 'requiredScopes', 'scopes']);

/** Lists differences (at most `limit`), descending into objects and arrays. */
export function jsonDifferences(expected: unknown, actual: unknown, limit = 20): JsonDifference[] {
  const out: JsonDifference[] = [];
  const walk = (a: unknown, b: unknown, pointer: string, key: string): void => {
    if (out.length >= limit) return;
    if (isObject(a) && isObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const k of keys) walk(a[k], b[k], `${pointer}/${pointerToken(k)}`, k);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      if (SET_KEYS.has(key)) {
        const sorted = (list: unknown[]) => [...list].map((v) => JSON.stringify(v)).sort();
        if (!jsonEqual(sorted(a), sorted(b))) out.push({ pointer, expected: a, actual: b });
        return;
      }
      if (a.length !== b.length) {
        out.push({ pointer, expected: a, actual: b });
        return;
      }
      a.forEach((item, index) => {
        walk(item, b[index], `${pointer}/${index}`, '');
      });
      return;
    }
    if (!jsonEqual(a, b)) out.push({ pointer, expected: a, actual: b });
  };
  walk(expected, actual, '', '');
  return out;
}

/** A schema pointer as a field path: `/properties/a/items/properties/b` → `.a[].b`. */
export function fieldPath(pointer: string): string {
  const tokens = pointer
    .split('/')
    .slice(1)
    .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === 'properties' && i + 1 < tokens.length) out += `.${tokens[++i]}`;
    else if (token === 'items') out += '[]';
    else if (token === 'additionalProperties') out += '.*';
    else if ((token === 'anyOf' || token === 'oneOf') && i + 1 < tokens.length)
      out += `<${tokens[++i]}>`;
    else if (token === '$defs' && i + 1 < tokens.length) out += `$defs.${tokens[++i]}`;
    else out += ` ${token}`;
  }
  return out;
}
