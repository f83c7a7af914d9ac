import type { ObjectSchemaIR, SchemaIR } from '@toolscope/manifest';
import { docComment, escapeForCode } from '../escape.js';

/** Resolves a `$defs` name to its generated type name. */
export type DefTypeLookup = ReadonlyMap<string, string>;

/**
 * The TypeScript type of a schema node, true to the schema: enums and consts
 * as literal unions, optional vs required, nested objects and arrays, `$defs`
 * by name (so recursive defs work). Never `any`.
 */
export function schemaType(schema: SchemaIR, defs: DefTypeLookup, indent = ''): string {
  switch (schema.kind) {
    case 'string':
      if (schema.const !== undefined) return escapeForCode(schema.const, 'literal');
      if (schema.enum !== undefined && schema.enum.length > 0)
        return schema.enum.map((v) => escapeForCode(v, 'literal')).join(' | ');
      return 'string';
    case 'number':
    case 'integer':
      if (schema.enum !== undefined && schema.enum.length > 0)
        return schema.enum.map((v) => escapeForCode(v, 'literal')).join(' | ');
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      const item = schemaType(schema.items, defs, indent);
      return /^[A-Za-z0-9_$]+$/.test(item) ? `${item}[]` : `Array<${item}>`;
    }
    case 'union': {
      const variants = [...new Set(schema.variants.map((v) => schemaType(v, defs, indent)))];
      return variants.length === 0 ? 'never' : variants.join(' | ');
    }
    case 'ref': {
      const name = defs.get(schema.name);
      // The loader resolves every $ref; an unknown one is typed as JSON, not `any`.
      return name ?? 'unknown';
    }
    case 'object':
      return objectType(schema, defs, indent);
  }
}

/** An object type literal with one JSDoc'd line per property. */
export function objectType(schema: ObjectSchemaIR, defs: DefTypeLookup, indent = ''): string {
  const inner = `${indent}  `;
  const lines: string[] = [];
  const memberTypes: string[] = [];
  let anyOptional = false;
  for (const property of schema.properties) {
    const type = schemaType(property.schema, defs, inner);
    memberTypes.push(type);
    anyOptional ||= !property.required;
    const doc = docComment(describe(property.schema), inner);
    const optional = property.required ? '' : '?';
    lines.push(`${doc}${inner}${escapeForCode(property.name, 'key')}${optional}: ${type};\n`);
  }
  const extra = schema.additionalProperties;
  if (extra !== false) {
    // An index signature must admit every declared property's type too.
    const valueType = extra === true ? 'unknown' : schemaType(extra, defs, inner);
    const admitted =
      valueType === 'unknown'
        ? ['unknown']
        : [...new Set([valueType, ...memberTypes, ...(anyOptional ? ['undefined'] : [])])];
    lines.push(`${inner}[key: string]: ${admitted.join(' | ')};\n`);
  }
  if (lines.length === 0) return 'Record<string, never>';
  return `{\n${lines.join('')}${indent}}`;
}

/** The JSDoc text of a schema node: its description, plus deprecation and default. */
export function describe(schema: SchemaIR): string | undefined {
  const parts: string[] = [];
  if (schema.description !== undefined) parts.push(schema.description);
  else if (schema.title !== undefined) parts.push(schema.title);
  if (schema.default !== undefined)
    parts.push(`@defaultValue ${escapeForCode(schema.default, 'literal')}`);
  if (schema.deprecated === true) parts.push('@deprecated');
  return parts.length === 0 ? undefined : parts.join('\n');
}
