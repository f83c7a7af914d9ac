/**
 * The JSON-Schema-aware diff of two schema documents: each difference is
 * reported as what it does to the accepted values (narrowed, widened,
 * incompatible, a field removed or added, documentation), so the rules can
 * give it a level for the input or the output side.
 */
import { type CompareContext, report, type SchemaFinding, type Site } from './finding.js';
import { isObject, type JsonObject } from './json.js';
import {
  compareAllowedValues,
  compareAnnotations,
  compareLowerBound,
  compareMultipleOf,
  compareRestriction,
  compareUniqueItems,
  compareUpperBound,
} from './keywords.js';
import { compareObjects } from './object.js';
import { pairAlternatives } from './pair.js';
import { type Alternative, alternativesOf, refName, resolveNode } from './resolve.js';

/** Compares two schema documents (self-contained, with their own `$defs`); the root field is `label`. */
export function compareSchemaDocuments(
  before: JsonObject,
  after: JsonObject,
  label: string,
): SchemaFinding[] {
  const ctx: CompareContext = { oldRoot: before, newRoot: after, findings: [], active: new Set() };
  compareNode(ctx, before, after, { field: label, oldPointer: '', newPointer: '' });
  return ctx.findings;
}

/** Compares two nodes, `$ref`s followed, as sets of alternatives. */
export function compareNode(ctx: CompareContext, a: unknown, b: unknown, site: Site): void {
  const rawA = isObject(a) ? a : {};
  const rawB = isObject(b) ? b : {};
  const left = resolveNode(ctx.oldRoot, rawA, site.oldPointer ?? '');
  const right = resolveNode(ctx.newRoot, rawB, site.newPointer ?? '');
  const key = `${left.refs.join('/')}→${right.refs.join('/')}`;
  const guarded = left.refs.length > 0 && right.refs.length > 0;
  if (guarded && ctx.active.has(key)) return;
  if (guarded) ctx.active.add(key);
  try {
    const inner: Site = { field: site.field, oldPointer: left.pointer, newPointer: right.pointer };
    const before = alternativesOf(ctx.oldRoot, left);
    const after = alternativesOf(ctx.newRoot, right);
    // Annotations of a node are what its `$ref` target says, overridden by
    // the keywords beside the `$ref` (which are reported at the use site).
    const besideA = refName(rawA) === undefined ? {} : withoutRef(rawA);
    const besideB = refName(rawB) === undefined ? {} : withoutRef(rawB);
    const beside = (key: string) => key in besideA || key in besideB;
    const effectiveA = { ...left.node, ...besideA };
    const effectiveB = { ...right.node, ...besideB };
    compareAnnotations(ctx, site, effectiveA, effectiveB, beside);
    compareAnnotations(ctx, inner, effectiveA, effectiveB, (key) => !beside(key));
    if (before.nullable !== after.nullable) {
      report(
        ctx,
        inner,
        after.nullable ? 'widened' : 'narrowed',
        after.nullable ? 'now accepts null' : 'no longer accepts null',
      );
    }
    const many = before.alternatives.length > 1 && after.alternatives.length > 1;
    if (many && before.combinator !== after.combinator && before.combinator && after.combinator) {
      report(
        ctx,
        inner,
        after.combinator === 'anyOf' ? 'widened' : 'narrowed',
        `${before.combinator} became ${after.combinator}`,
      );
    }
    const pairing = pairAlternatives(before.alternatives, after.alternatives);
    const variants = before.alternatives.length > 1 || after.alternatives.length > 1;
    for (const [x, y] of pairing.pairs) {
      // A variant's own annotations; the node's were compared above.
      const own = x.node !== left.node && y.node !== right.node;
      compareAlternative(
        ctx,
        x,
        y,
        variants ? `${site.field}<${y.label.slice(1)}>` : site.field,
        own,
      );
    }
    for (const gone of pairing.removed) {
      report(
        ctx,
        { ...inner, oldPointer: gone.pointer },
        'narrowed',
        `no longer accepts ${describe(gone)}`,
      );
    }
    for (const extra of pairing.added) {
      report(
        ctx,
        { ...inner, newPointer: extra.pointer },
        'widened',
        `now accepts ${describe(extra)}`,
      );
    }
  } finally {
    if (guarded) ctx.active.delete(key);
  }
}

function withoutRef(node: JsonObject): JsonObject {
  const { $ref: _ref, ...rest } = node;
  return rest;
}

function describe(alt: Alternative): string {
  const variant = alt.label === '' ? '' : ` (variant ${alt.label.slice(1).replaceAll('|', '.')})`;
  return `${alt.type === 'any' ? 'any value' : `${alt.type} values`}${variant}`;
}

const SCALARS = new Set(['string', 'number', 'integer', 'boolean', 'any']);

/** Compares two matched alternatives: their type, then the keywords of that type. */
function compareAlternative(
  ctx: CompareContext,
  a: Alternative,
  b: Alternative,
  field: string,
  annotations: boolean,
): void {
  const site: Site = { field, oldPointer: a.pointer, newPointer: b.pointer };
  if (annotations) compareAnnotations(ctx, site, a.node, b.node);
  if (a.type !== b.type) {
    if (a.type === 'any') {
      report(ctx, site, 'narrowed', `now only accepts ${b.type}`);
      return;
    }
    if (b.type === 'any') {
      report(ctx, site, 'widened', `now accepts any type, not only ${a.type}`);
      return;
    }
    const numeric = (t: string) => t === 'integer' || t === 'number';
    if (!numeric(a.type) || !numeric(b.type)) {
      report(ctx, site, 'incompatible', `type changed from ${a.type} to ${b.type}`);
      return;
    }
    report(
      ctx,
      site,
      b.type === 'number' ? 'widened' : 'narrowed',
      `type changed from ${a.type} to ${b.type}`,
    );
  }
  if (SCALARS.has(b.type)) compareAllowedValues(ctx, site, a.node, b.node);
  switch (b.type) {
    case 'string':
      compareLowerBound(ctx, site, 'minLength', a.node, b.node);
      compareUpperBound(ctx, site, 'maxLength', a.node, b.node);
      compareRestriction(ctx, site, 'pattern', a.node, b.node);
      compareRestriction(ctx, site, 'format', a.node, b.node);
      return;
    case 'number':
    case 'integer':
      compareLowerBound(ctx, site, 'minimum', a.node, b.node);
      compareLowerBound(ctx, site, 'exclusiveMinimum', a.node, b.node);
      compareUpperBound(ctx, site, 'maximum', a.node, b.node);
      compareUpperBound(ctx, site, 'exclusiveMaximum', a.node, b.node);
      compareMultipleOf(ctx, site, a.node, b.node);
      return;
    case 'array':
      compareLowerBound(ctx, site, 'minItems', a.node, b.node);
      compareUpperBound(ctx, site, 'maxItems', a.node, b.node);
      compareUniqueItems(ctx, site, a.node, b.node);
      compareNode(ctx, a.node.items, b.node.items, {
        field: `${field}[]`,
        oldPointer: `${a.pointer}/items`,
        newPointer: `${b.pointer}/items`,
      });
      return;
    case 'object':
      compareObjects(ctx, site, a.node, b.node, compareNode);
      return;
    default:
      return;
  }
}
