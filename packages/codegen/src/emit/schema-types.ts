import type { ObjectSchemaIR, SchemaIR } from '@toolscope/manifest';
import { escapeForCode, tsKey, tsLiteral } from '../escape.js';
import {
  align,
  type Doc,
  group,
  hardline,
  ifBreak,
  indent,
  join,
  line,
  render,
  softline,
} from './layout.js';

/** Resolves a `$defs` name to its generated type name. */
export type DefTypeLookup = ReadonlyMap<string, string>;

/**
 * A type as a layout document: its union members (one for a type that is not
 * a union), and whether it is an object type literal.
 */
export interface TypeDoc {
  readonly variants: readonly Doc[];
  /** Per variant: an object type literal, or `null`. */
  readonly shapes: ReadonlyArray<'object' | 'null' | 'other'>;
}

const simple = (text: string, shape: 'null' | 'other' = 'other'): TypeDoc => ({
  variants: [text],
  shapes: [shape],
});

const literalUnion = (values: readonly unknown[]): TypeDoc => ({
  variants: values.map((v) => tsLiteral(v)),
  shapes: values.map(() => 'other'),
});

/**
 * The TypeScript type of a schema node, true to the schema: enums and consts
 * as literal unions, optional vs required, nested objects and arrays, `$defs`
 * by name (so recursive defs work). Never `any`.
 */
export function schemaTypeDoc(schema: SchemaIR, defs: DefTypeLookup): TypeDoc {
  switch (schema.kind) {
    case 'string':
      if (schema.const !== undefined) return simple(tsLiteral(schema.const));
      if (schema.enum !== undefined && schema.enum.length > 0) return literalUnion(schema.enum);
      return simple('string');
    case 'number':
    case 'integer':
      if (schema.enum !== undefined && schema.enum.length > 0) return literalUnion(schema.enum);
      return simple('number');
    case 'boolean':
      return simple('boolean');
    case 'null':
      return simple('null', 'null');
    case 'array': {
      const item = schemaTypeDoc(schema.items, defs);
      const [only] = item.variants;
      if (item.variants.length === 1 && typeof only === 'string' && /^[A-Za-z0-9_$]+$/.test(only)) {
        return simple(`${only}[]`);
      }
      return { variants: [typeArguments('Array', item)], shapes: ['other'] };
    }
    case 'union': {
      const variants: Doc[] = [];
      const shapes: Array<'object' | 'null' | 'other'> = [];
      const seen = new Set<string>();
      for (const v of schema.variants) {
        const t = schemaTypeDoc(v, defs);
        t.variants.forEach((doc, i) => {
          const key = typeof doc === 'string' ? doc : render(doc);
          if (seen.has(key)) return;
          seen.add(key);
          variants.push(doc);
          shapes.push(t.shapes[i] ?? 'other');
        });
      }
      return variants.length === 0 ? simple('never') : { variants, shapes };
    }
    case 'ref': {
      const name = defs.get(schema.name);
      // The loader resolves every $ref; an unknown one is typed as JSON, not `any`.
      return simple(name ?? 'unknown');
    }
    case 'object':
      return objectTypeDoc(schema, defs);
  }
}

/** `{ … } | null`: one object and nulls stay on the object's lines. */
function hugs(t: TypeDoc): boolean {
  return (
    t.variants.length > 1 &&
    t.shapes.filter((s) => s === 'object').length === 1 &&
    t.shapes.every((s) => s !== 'other')
  );
}

/**
 * A type where it stands, laid out as the formatter lays out a union: on one
 * line when it fits, else one member a line after `| `. `indented` is false
 * inside type arguments, where the brackets indent.
 */
export function typeDoc(t: TypeDoc, indented = true): Doc {
  if (t.variants.length === 1) return t.variants[0] as Doc;
  if (hugs(t)) return join(' | ', t.variants);
  const code = [
    ifBreak([indented ? line : '', '| ']),
    join(
      [line, '| '],
      t.variants.map((v) => align(2, v)),
    ),
  ];
  return group(indented ? indent(code) : code);
}

/** `Name<T>`: an object (or a hugging union) stays on its lines; others may break inside. */
function typeArguments(name: string, arg: TypeDoc): Doc {
  if ((arg.variants.length === 1 && arg.shapes[0] === 'object') || hugs(arg)) {
    return [`${name}<`, typeDoc(arg, false), '>'];
  }
  return group([`${name}<`, indent([softline, typeDoc(arg, false)]), softline, '>']);
}

/** A JSDoc comment as lines of a document (none for empty text), each line then a line break. */
export function commentDoc(text: string | undefined): Doc {
  if (text === undefined || text.trim() === '') return '';
  const lines = escapeForCode(text, 'doc').split('\n');
  if (lines.length === 1) return [`/** ${lines[0]} */`, hardline];
  return [
    join(hardline, ['/**', ...lines.map((l) => (l === '' ? ' *' : ` * ${l}`)), ' */']),
    hardline,
  ];
}

/** An object type literal with one JSDoc'd line per property. */
export function objectTypeDoc(schema: ObjectSchemaIR, defs: DefTypeLookup): TypeDoc {
  const members: Doc[] = [];
  const memberTypes: TypeDoc[] = [];
  let anyOptional = false;
  for (const property of schema.properties) {
    const type = schemaTypeDoc(property.schema, defs);
    memberTypes.push(type);
    anyOptional ||= !property.required;
    const optional = property.required ? '' : '?';
    members.push([
      commentDoc(describe(property.schema)),
      `${tsKey(property.name)}${optional}: `,
      typeDoc(type),
      ';',
    ]);
  }
  const extra = schema.additionalProperties;
  if (extra !== false) {
    // An index signature must admit every declared property's type too.
    let admitted: TypeDoc = simple('unknown');
    if (extra !== true) {
      const valueType = schemaTypeDoc(extra, defs);
      const isUnknown = valueType.variants.length === 1 && valueType.variants[0] === 'unknown';
      if (!isUnknown) {
        admitted = {
          variants: [
            ...valueType.variants,
            ...memberTypes.flatMap((m) => m.variants),
            ...(anyOptional ? ['undefined'] : []),
          ],
          shapes: [
            ...valueType.shapes,
            ...memberTypes.flatMap((m) => m.shapes),
            ...(anyOptional ? (['other'] as const) : []),
          ],
        };
        admitted = dedupe(admitted);
      }
    }
    members.push(['[key: string]: ', typeDoc(admitted), ';']);
  }
  if (members.length === 0) return simple('Record<string, never>');
  return {
    variants: [['{', indent([hardline, join(hardline, members)]), hardline, '}']],
    shapes: ['object'],
  };
}

function dedupe(t: TypeDoc): TypeDoc {
  const variants: Doc[] = [];
  const shapes: Array<'object' | 'null' | 'other'> = [];
  const seen = new Set<string>();
  t.variants.forEach((doc, i) => {
    const key = typeof doc === 'string' ? doc : render(doc);
    if (seen.has(key)) return;
    seen.add(key);
    variants.push(doc);
    shapes.push(t.shapes[i] ?? 'other');
  });
  return { variants, shapes };
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
