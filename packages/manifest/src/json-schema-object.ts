/** Object schemas: properties, `required` and `additionalProperties`. */
import { closestMatch } from './did-you-mean.js';
import type { ObjectSchemaIR, PropertyIR, SchemaIR, SourcePosition } from './ir.js';
import { badValue, type SchemaContext } from './json-schema-context.js';
import { isObject, type JsonObject } from './json-schema-keywords.js';
import { escapePointerToken } from './source.js';

/** The converter for nested schemas, passed in so this module has no import cycle at load time. */
type ConvertSchema = (raw: unknown, pointer: string, ctx: SchemaContext) => SchemaIR | undefined;

/** An object schema: properties in manifest order, `required` checked against them. */
export function convertObject(
  raw: JsonObject,
  pointer: string,
  ctx: SchemaContext,
  source: SourcePosition,
  okSoFar: boolean,
  convertSchema: ConvertSchema,
): ObjectSchemaIR | undefined {
  let ok = okSoFar;
  const at = (key: string) => `${pointer}/${escapePointerToken(key)}`;
  const properties: PropertyIR[] = [];
  const rawProperties = raw.properties === undefined ? {} : raw.properties;
  if (!isObject(rawProperties)) {
    ok = badValue(
      ctx,
      at('properties'),
      '"properties" must be a mapping of property names to schemas.',
    );
  }
  const names = isObject(rawProperties) ? Object.keys(rawProperties) : [];
  const required = new Set<string>();
  if (raw.required !== undefined) {
    if (!Array.isArray(raw.required))
      ok = badValue(ctx, at('required'), '"required" must be a list of property names.');
    else
      raw.required.forEach((name, index) => {
        const where = `${at('required')}/${index}`;
        if (typeof name !== 'string')
          ok = badValue(ctx, where, 'Every "required" entry must be a string.');
        else if (!names.includes(name)) {
          ok = false;
          const guess = closestMatch(name, names);
          ctx.diagnostics.push({
            severity: 'error',
            code: 'SCHEMA_REQUIRED_UNDEFINED',
            message: `"required" names "${name}", which is not in "properties".`,
            hint: guess
              ? `Did you mean "${guess}"?`
              : `Define "${name}" under properties, or remove it from required.`,
            file: ctx.source.file,
            ...ctx.source.locate(where, 'value'),
            pointer: where,
          });
        } else required.add(name);
      });
  }
  for (const name of names) {
    const schema = convertSchema(
      (rawProperties as JsonObject)[name],
      `${at('properties')}/${escapePointerToken(name)}`,
      ctx,
    );
    if (schema) properties.push({ name, required: required.has(name), schema });
    else ok = false;
  }
  let additionalProperties: boolean | SchemaIR = false;
  if (typeof raw.additionalProperties === 'boolean')
    additionalProperties = raw.additionalProperties;
  else if (raw.additionalProperties !== undefined) {
    const schema = convertSchema(raw.additionalProperties, at('additionalProperties'), ctx);
    if (schema) additionalProperties = schema;
    else ok = false;
  }
  return ok ? { kind: 'object', properties, additionalProperties, source } : undefined;
}
