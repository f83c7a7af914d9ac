/**
 * Reading a schema node as the values it accepts: `$ref` followed into the
 * document's `$defs`, and a node split into its alternatives (one per type of
 * a `type` array, one per `anyOf`/`oneOf` variant), with `null` set apart as
 * nullability.
 */
import { isObject, type JsonObject, pointerToken } from './json.js';

/** A node after `$ref` resolution, with where it really sits in the document. */
export interface ResolvedNode {
  readonly node: JsonObject;
  readonly pointer: string;
  /** The `$defs` names followed to get here, outermost first. */
  readonly refs: readonly string[];
}

const REF = /^#\/\$defs\/(.+)$/;
const MAX_REF_HOPS = 32;

/** The `$defs` name a `$ref` points at, when it is a local `#/$defs/Name` reference. */
export function refName(node: JsonObject): string | undefined {
  const ref = node.$ref;
  if (typeof ref !== 'string') return undefined;
  const match = REF.exec(ref);
  return match ? (match[1] ?? '').replaceAll('~1', '/').replaceAll('~0', '~') : undefined;
}

/** Follows `$ref`s (a bounded number of hops) into the document's `$defs`. */
export function resolveNode(root: JsonObject, raw: unknown, pointer: string): ResolvedNode {
  let node: JsonObject = isObject(raw) ? raw : {};
  let at = pointer;
  const refs: string[] = [];
  const defs = isObject(root.$defs) ? root.$defs : {};
  for (let hop = 0; hop < MAX_REF_HOPS; hop++) {
    const name = refName(node);
    if (name === undefined || refs.includes(name)) break;
    const target = defs[name];
    if (!isObject(target)) break;
    refs.push(name);
    node = target;
    at = `/$defs/${pointerToken(name)}`;
  }
  return { node, pointer: at, refs };
}

/** A JSON Schema type name, or `any` for a node that names none. */
export type AltType =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'null'
  | 'object'
  | 'array'
  | 'any';

/** One alternative of a node: a single type with the keywords that apply to it. */
export interface Alternative {
  readonly type: AltType;
  readonly node: JsonObject;
  readonly pointer: string;
  /** How to name it in a field path, e.g. `|1` for the second `anyOf` variant; `` for a plain node. */
  readonly label: string;
}

/** A node read as its alternatives. */
export interface Alternatives {
  /** `anyOf` or `oneOf` when the node is such a union. */
  readonly combinator: 'anyOf' | 'oneOf' | undefined;
  readonly nullable: boolean;
  /** Every non-null alternative. */
  readonly alternatives: readonly Alternative[];
}

const TYPES = new Set<string>([
  'string',
  'number',
  'integer',
  'boolean',
  'null',
  'object',
  'array',
]);

function typesOf(node: JsonObject): AltType[] {
  const type = node.type;
  if (typeof type === 'string' && TYPES.has(type)) return [type as AltType];
  if (Array.isArray(type)) {
    const list = type.filter((t): t is AltType => typeof t === 'string' && TYPES.has(t));
    return list.length > 0 ? [...new Set(list)] : ['any'];
  }
  return ['any'];
}

/** Splits a (resolved) node into alternatives; nested unions and `$ref` variants are flattened. */
export function alternativesOf(root: JsonObject, resolved: ResolvedNode): Alternatives {
  const out: Alternative[] = [];
  let nullable = false;
  const visit = (node: JsonObject, pointer: string, label: string, depth: number): void => {
    for (const key of ['anyOf', 'oneOf'] as const) {
      const list = node[key];
      if (Array.isArray(list) && depth < 8) {
        list.forEach((variant, index) => {
          const inner = resolveNode(root, variant, `${pointer}/${key}/${index}`);
          visit(inner.node, inner.pointer, `${label}|${index}`, depth + 1);
        });
        return;
      }
    }
    for (const type of typesOf(node)) {
      if (type === 'null') nullable = true;
      else out.push({ type, node, pointer, label });
    }
  };
  visit(resolved.node, resolved.pointer, '', 0);
  const node = resolved.node;
  const combinator = Array.isArray(node.oneOf)
    ? 'oneOf'
    : Array.isArray(node.anyOf)
      ? 'anyOf'
      : undefined;
  return { combinator, nullable, alternatives: out };
}
