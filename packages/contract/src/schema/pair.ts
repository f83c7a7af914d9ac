/** Matching the alternatives of two versions of a node, so each is compared with its counterpart. */
import { canonicalJson, isObject, type JsonObject } from './json.js';
import type { Alternative } from './resolve.js';

/** Alternatives matched across versions, and those left on one side only. */
export interface Pairing {
  readonly pairs: ReadonlyArray<readonly [Alternative, Alternative]>;
  readonly removed: readonly Alternative[];
  readonly added: readonly Alternative[];
}

/** The value of a property that tells object variants apart (`kind: { const: "a" }`), if any. */
function discriminators(node: JsonObject): Map<string, string> {
  const out = new Map<string, string>();
  const properties = isObject(node.properties) ? node.properties : {};
  for (const [name, schema] of Object.entries(properties)) {
    if (!isObject(schema)) continue;
    if (schema.const !== undefined) out.set(name, canonicalJson(schema.const));
    else if (Array.isArray(schema.enum) && schema.enum.length === 1) {
      out.set(name, canonicalJson(schema.enum[0]));
    }
  }
  return out;
}

function sameDiscriminator(a: Alternative, b: Alternative): boolean {
  const left = discriminators(a.node);
  const right = discriminators(b.node);
  for (const [name, value] of left) if (right.get(name) === value) return true;
  return false;
}

/**
 * Pairs alternatives: a lone alternative on each side; else equal ones, then
 * the only one of a type on each side, then object variants with the same
 * discriminator, then the rest of a type in order, then integer with number.
 */
export function pairAlternatives(
  before: readonly Alternative[],
  after: readonly Alternative[],
): Pairing {
  if (before.length === 1 && after.length === 1) {
    return { pairs: [[before[0]!, after[0]!]], removed: [], added: [] };
  }
  const olds = [...before];
  const news = [...after];
  const pairs: Array<readonly [Alternative, Alternative]> = [];
  const take = (match: (a: Alternative, b: Alternative) => boolean): void => {
    for (let i = 0; i < olds.length; i++) {
      const j = news.findIndex((b) => match(olds[i]!, b));
      if (j < 0) continue;
      pairs.push([olds[i]!, news[j]!]);
      olds.splice(i, 1);
      news.splice(j, 1);
      i--;
    }
  };
  const count = (list: readonly Alternative[], type: string) =>
    list.filter((alt) => alt.type === type).length;
  take((a, b) => a.type === b.type && canonicalJson(a.node) === canonicalJson(b.node));
  take((a, b) => a.type === b.type && count(olds, a.type) === 1 && count(news, b.type) === 1);
  take((a, b) => a.type === 'object' && b.type === 'object' && sameDiscriminator(a, b));
  take((a, b) => a.type === b.type);
  take(
    (a, b) =>
      (a.type === 'integer' && b.type === 'number') ||
      (a.type === 'number' && b.type === 'integer'),
  );
  return { pairs, removed: olds, added: news };
}
