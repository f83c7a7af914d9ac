/** Comparisons of single keywords: bounds, value sets, formats, patterns and annotations. */
import { type CompareContext, report, type Site } from './finding.js';
import { type JsonObject, jsonEqual, showValue } from './json.js';

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** A lower bound (`minimum`, `minLength`, …): raising it narrows, lowering it widens. */
export function compareLowerBound(
  ctx: CompareContext,
  site: Site,
  key: string,
  a: JsonObject,
  b: JsonObject,
): void {
  compareBound(ctx, site, key, num(a[key]), num(b[key]), 1);
}

/** An upper bound (`maximum`, `maxLength`, …): lowering it narrows, raising it widens. */
export function compareUpperBound(
  ctx: CompareContext,
  site: Site,
  key: string,
  a: JsonObject,
  b: JsonObject,
): void {
  compareBound(ctx, site, key, num(a[key]), num(b[key]), -1);
}

function compareBound(
  ctx: CompareContext,
  site: Site,
  key: string,
  before: number | undefined,
  after: number | undefined,
  sign: 1 | -1,
): void {
  if (before === after) return;
  if (before === undefined) {
    report(ctx, site, 'narrowed', `${key} ${after} added`);
    return;
  }
  if (after === undefined) {
    report(ctx, site, 'widened', `${key} ${before} removed`);
    return;
  }
  const tighter = (after - before) * sign > 0;
  report(
    ctx,
    site,
    tighter ? 'narrowed' : 'widened',
    `${key} ${after > before ? 'raised' : 'lowered'} from ${before} to ${after}`,
  );
}

/** `multipleOf`: a multiple of the old step narrows, a divisor of it widens. */
export function compareMultipleOf(
  ctx: CompareContext,
  site: Site,
  a: JsonObject,
  b: JsonObject,
): void {
  const before = num(a.multipleOf);
  const after = num(b.multipleOf);
  if (before === after) return;
  if (before === undefined) {
    report(ctx, site, 'narrowed', `multipleOf ${after} added`);
    return;
  }
  if (after === undefined) {
    report(ctx, site, 'widened', `multipleOf ${before} removed`);
    return;
  }
  const message = `multipleOf changed from ${before} to ${after}`;
  if (Number.isInteger(after / before)) report(ctx, site, 'narrowed', message);
  else if (Number.isInteger(before / after)) report(ctx, site, 'widened', message);
  else report(ctx, site, 'incompatible', message);
}

/** A keyword that restricts when present and is not ordered (`format`, `pattern`). */
export function compareRestriction(
  ctx: CompareContext,
  site: Site,
  key: string,
  a: JsonObject,
  b: JsonObject,
): void {
  const before = a[key];
  const after = b[key];
  if (jsonEqual(before, after)) return;
  if (before === undefined) {
    report(ctx, site, 'narrowed', `${key} ${showValue(after)} added`);
    return;
  }
  if (after === undefined) {
    report(ctx, site, 'widened', `${key} ${showValue(before)} removed`);
    return;
  }
  report(
    ctx,
    site,
    'incompatible',
    `${key} changed from ${showValue(before)} to ${showValue(after)}`,
  );
}

/** `uniqueItems`: turning it on narrows. */
export function compareUniqueItems(
  ctx: CompareContext,
  site: Site,
  a: JsonObject,
  b: JsonObject,
): void {
  const before = a.uniqueItems === true;
  const after = b.uniqueItems === true;
  if (before === after) return;
  report(
    ctx,
    site,
    after ? 'narrowed' : 'widened',
    after ? 'uniqueItems now required' : 'uniqueItems no longer required',
  );
}

function allowedValues(node: JsonObject): readonly unknown[] | undefined {
  if (node.const !== undefined) return [node.const];
  return Array.isArray(node.enum) ? node.enum : undefined;
}

/** `enum` and `const` as one set of allowed values: removing a value narrows, adding widens. */
export function compareAllowedValues(
  ctx: CompareContext,
  site: Site,
  a: JsonObject,
  b: JsonObject,
): void {
  const before = allowedValues(a);
  const after = allowedValues(b);
  if (before === undefined && after === undefined) return;
  if (before === undefined) {
    report(ctx, site, 'narrowed', `now restricted to ${showValue(after)}`);
    return;
  }
  if (after === undefined) {
    report(ctx, site, 'widened', `no longer restricted to ${showValue(before)}`);
    return;
  }
  const has = (list: readonly unknown[], value: unknown) => list.some((v) => jsonEqual(v, value));
  const removed = before.filter((v) => !has(after, v));
  const added = after.filter((v) => !has(before, v));
  const list = (values: readonly unknown[]) => values.map(showValue).join(', ');
  if (removed.length > 0) {
    report(ctx, site, 'narrowed', `no longer accepts ${list(removed)}`);
  }
  if (added.length > 0) report(ctx, site, 'widened', `now accepts ${list(added)}`);
}

const DOCUMENTATION = ['title', 'description', 'examples', '$comment', 'deprecated'] as const;

/** Annotations: text changes are documentation; a changed `default` is its own effect. */
export function compareAnnotations(
  ctx: CompareContext,
  site: Site,
  a: JsonObject,
  b: JsonObject,
  only: (key: string) => boolean = () => true,
): void {
  for (const key of DOCUMENTATION) {
    if (!only(key) || jsonEqual(a[key], b[key])) continue;
    const what = a[key] === undefined ? 'added' : b[key] === undefined ? 'removed' : 'changed';
    report(ctx, site, 'documentation', `${key} ${what}`);
  }
  if (only('default') && !jsonEqual(a.default, b.default)) {
    const message =
      a.default === undefined
        ? `default ${showValue(b.default)} added`
        : b.default === undefined
          ? `default ${showValue(a.default)} removed`
          : `default changed from ${showValue(a.default)} to ${showValue(b.default)}`;
    report(ctx, site, 'default', message);
  }
}
