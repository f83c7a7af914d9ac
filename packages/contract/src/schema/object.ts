/** Object keywords: properties, `required` and `additionalProperties`. */
import { type CompareContext, report, type Site } from './finding.js';
import { isObject, type JsonObject, pointerToken } from './json.js';

type CompareNode = (ctx: CompareContext, a: unknown, b: unknown, site: Site) => void;

function properties(node: JsonObject): JsonObject {
  return isObject(node.properties) ? node.properties : {};
}

function required(node: JsonObject): Set<string> {
  return new Set(
    Array.isArray(node.required)
      ? node.required.filter((n): n is string => typeof n === 'string')
      : [],
  );
}

/** `additionalProperties` as the manifest format reads it: absent means `false`. */
function extras(node: JsonObject): boolean | JsonObject {
  const value = node.additionalProperties;
  if (value === true) return true;
  return isObject(value) ? value : false;
}

/** Compares two object schemas property by property, then their extra properties. */
export function compareObjects(
  ctx: CompareContext,
  site: Site,
  a: JsonObject,
  b: JsonObject,
  compareNode: CompareNode,
): void {
  const before = properties(a);
  const after = properties(b);
  const requiredBefore = required(a);
  const requiredAfter = required(b);
  const names = [...Object.keys(before), ...Object.keys(after).filter((n) => !(n in before))];
  for (const name of names) {
    const child: Site = {
      field: `${site.field}.${name}`,
      oldPointer:
        name in before ? `${site.oldPointer}/properties/${pointerToken(name)}` : site.oldPointer,
      newPointer:
        name in after ? `${site.newPointer}/properties/${pointerToken(name)}` : site.newPointer,
    };
    if (!(name in after)) {
      const was = requiredBefore.has(name) ? 'required' : 'optional';
      report(ctx, child, 'field-removed', `${was} field removed`);
      continue;
    }
    if (!(name in before)) {
      const now = requiredAfter.has(name);
      report(
        ctx,
        child,
        now ? 'field-added-required' : 'field-added-optional',
        `new ${now ? 'required' : 'optional'} field`,
      );
      continue;
    }
    const wasRequired = requiredBefore.has(name);
    const isRequired = requiredAfter.has(name);
    if (wasRequired !== isRequired) {
      report(
        ctx,
        child,
        isRequired ? 'narrowed' : 'widened',
        isRequired ? 'now required' : 'no longer required',
      );
    }
    compareNode(ctx, before[name], after[name], child);
  }
  compareExtras(ctx, site, a, b, compareNode);
}

function compareExtras(
  ctx: CompareContext,
  site: Site,
  a: JsonObject,
  b: JsonObject,
  compareNode: CompareNode,
): void {
  const before = extras(a);
  const after = extras(b);
  if (before === after) return;
  const at: Site = {
    field: site.field,
    oldPointer: `${site.oldPointer}/additionalProperties`,
    newPointer: `${site.newPointer}/additionalProperties`,
  };
  if (isObject(before) && isObject(after)) {
    compareNode(ctx, before, after, { ...at, field: `${site.field}.*` });
    return;
  }
  if (before === false) {
    report(ctx, at, 'widened', 'now allows extra properties');
    return;
  }
  if (after === false) {
    report(ctx, at, 'narrowed', 'no longer allows extra properties');
    return;
  }
  if (before === true) {
    report(ctx, at, 'narrowed', 'extra properties are now restricted by a schema');
    return;
  }
  report(ctx, at, 'widened', 'extra properties are no longer restricted by a schema');
}
