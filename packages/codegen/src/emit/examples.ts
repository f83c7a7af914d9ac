import type { ObjectSchemaIR, SchemaIR } from '@toolscope/manifest';

type Defs = ReadonlyMap<string, SchemaIR>;

/**
 * A plausible value for a schema, for the docs' example request: the default
 * or the first enum value when there is one, required properties only, and a
 * depth limit so recursive `$defs` terminate.
 */
export function exampleValue(schema: SchemaIR, defs: Defs, depth = 0): unknown {
  if (schema.default !== undefined) return schema.default;
  switch (schema.kind) {
    case 'string':
      return (
        schema.const ??
        schema.enum?.[0] ??
        (schema.format === 'date-time' ? '2025-01-01T00:00:00Z' : 'string')
      );
    case 'number':
      return schema.enum?.[0] ?? schema.minimum ?? 1.5;
    case 'integer':
      return schema.enum?.[0] ?? schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return depth > 3 ? [] : [exampleValue(schema.items, defs, depth + 1)];
    case 'union': {
      const first = schema.variants.find((v) => v.kind !== 'null') ?? schema.variants[0];
      return first === undefined ? null : exampleValue(first, defs, depth);
    }
    case 'ref': {
      const target = defs.get(schema.name);
      return target === undefined || depth > 3 ? {} : exampleValue(target, defs, depth + 1);
    }
    case 'object':
      return exampleObject(schema, defs, depth);
  }
}

/** An example object: every required property, nothing else. */
export function exampleObject(
  schema: ObjectSchemaIR,
  defs: Defs,
  depth = 0,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of schema.properties) {
    if (p.required) out[p.name] = exampleValue(p.schema, defs, depth + 1);
  }
  return out;
}
