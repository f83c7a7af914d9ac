import type { ProviderInfo } from '@toolscope/core';
import { camelCase, NameRegistry, pascalCase } from '../names.js';
import type { ToolPlan, ToolsetPlan } from '../types.js';
import { type Doc, group, indent, indentIfBreak, line, render, textWidth } from './layout.js';
import { CodeRef, jsonDoc, jsonText, requirementType, SchemaText } from './literal.js';
import { commentDoc } from './schema-types.js';
import { laidOut, type Statement } from './typescript.js';

/** The exported name of a tool's declaration constant. */
export function definitionName(tool: ToolPlan): string {
  return `${tool.method}Definition`;
}

/** The value of a tool's declaration: what tools/list carries, plus its requirement. */
export function definitionValue(t: ToolPlan) {
  return {
    name: t.tool.name,
    title: t.tool.title,
    description: t.tool.description,
    inputSchema: t.tool.inputSchema,
    outputSchema: t.tool.outputSchema,
    annotations: t.tool.annotations,
    requirement: t.requirement,
    http: t.tool.http,
  };
}

/** One shared constant of a generated module: its exported name and value. */
export interface SharedConstant {
  readonly name: string;
  readonly value: unknown;
}

/**
 * The values a toolset's declarations share, each emitted once: the `$defs`
 * schemas (a module `defs.ts`) and the providers' public facts (`providers.ts`).
 * Each tool's wire schema still carries every `$defs` entry it carried; only
 * its source names the shared constant instead of repeating it.
 */
export interface SharedValues {
  readonly defs: readonly SharedConstant[];
  readonly providers: readonly SharedConstant[];
  /** `$defs` name → the JSON of the shared schema and its constant's name. */
  readonly defRefs: ReadonlyMap<string, { readonly json: string; readonly name: string }>;
  /** Provider id → the JSON of the shared facts and its constant's name. */
  readonly providerRefs: ReadonlyMap<string, { readonly json: string; readonly name: string }>;
}

type Json = Readonly<Record<string, unknown>>;

// Words a `const` may not be named (or that a linter refuses to see shadowed):
// a shared constant so named gets a suffix.
const NOT_A_CONST_NAME: Readonly<Record<string, true>> = Object.freeze(
  Object.fromEntries(
    (
      'arguments await break case catch class const continue debugger default delete do else enum ' +
      'eval export extends false finally for function if implements import in instanceof interface ' +
      'let new null package private protected public return static super switch this throw true try ' +
      'typeof undefined var void while with yield Infinity NaN'
    )
      .split(' ')
      .map((word): [string, true] => [word, true]),
  ),
);

function constName(name: string, suffix: string): string {
  return Object.hasOwn(NOT_A_CONST_NAME, name) ? `${name}${suffix}` : name;
}

function localDefs(schema: Json | undefined): Json | undefined {
  const defs = schema?.['$defs'];
  return defs !== null && typeof defs === 'object' && !Array.isArray(defs)
    ? (defs as Json)
    : undefined;
}

function providerOf(t: ToolPlan): ProviderInfo | undefined {
  return t.requirement.method === 'none' ? undefined : t.requirement.provider;
}

/**
 * Decides the shared constants of a toolset. A `$defs` entry is shared under
 * its type name; should two tools carry different schemas under one name (a
 * hand-built IR), the first is shared and the other stays inline.
 */
export function sharedValues(plan: ToolsetPlan): SharedValues {
  const defNames = new NameRegistry();
  const defRefs = new Map<string, { json: string; name: string }>();
  const defs: SharedConstant[] = [];
  for (const t of plan.tools) {
    for (const schema of [t.tool.inputSchema, t.tool.outputSchema]) {
      for (const [key, value] of Object.entries(localDefs(schema) ?? {})) {
        if (defRefs.has(key)) continue;
        const name = defNames.claim(constName(plan.defTypes.get(key) ?? pascalCase(key), 'Schema'));
        defRefs.set(key, { json: JSON.stringify(value), name });
        defs.push({ name, value });
      }
    }
  }
  const providerNames = new NameRegistry();
  const providerRefs = new Map<string, { json: string; name: string }>();
  const providers: SharedConstant[] = [];
  for (const t of plan.tools) {
    const provider = providerOf(t);
    if (provider === undefined || providerRefs.has(provider.id)) continue;
    const name = providerNames.claim(constName(camelCase(provider.id), 'Provider'));
    providerRefs.set(provider.id, { json: JSON.stringify(provider), name });
    providers.push({ name, value: provider });
  }
  return { defs, providers, defRefs, providerRefs };
}

function withSharedDefs(schema: Json | undefined, shared: SharedValues): Json | undefined {
  const defs = localDefs(schema);
  if (schema === undefined || defs === undefined) return schema;
  const replaced = Object.fromEntries(
    Object.entries(defs).map(([key, value]) => {
      const ref = shared.defRefs.get(key);
      return [
        key,
        ref !== undefined && ref.json === JSON.stringify(value)
          ? new CodeRef(`defs.${ref.name}`)
          : value,
      ];
    }),
  );
  return { ...schema, $defs: replaced };
}

/** The requirement with its provider's facts replaced by the shared constant's name. */
export function sharedRequirement(t: ToolPlan, shared: SharedValues): unknown {
  const provider = providerOf(t);
  const ref = provider === undefined ? undefined : shared.providerRefs.get(provider.id);
  if (ref === undefined || ref.json !== JSON.stringify(provider)) return t.requirement;
  return { ...t.requirement, provider: new CodeRef(`providers.${ref.name}`) };
}

/**
 * `export const name: Type = value;`, laid out as the formatter lays out an
 * assignment: the value stays on the `=` line when its first line fits there.
 */
export function constStatement(
  doc: string | undefined,
  head: string,
  value: Doc,
  suffix = '',
): Statement {
  const id = Symbol('assignment');
  return laidOut([
    commentDoc(doc),
    `${head} =`,
    group(indent(line), id),
    indentIfBreak([value, suffix], id),
    ';',
  ]);
}

/**
 * `export const name = <JSON value>;`: an object written by `jsonText` (the
 * fast path), anything else laid out by `constStatement`.
 */
export function jsonConstStatement(
  doc: string | undefined,
  head: string,
  value: unknown,
  suffix = '',
): Statement {
  const isObject =
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof CodeRef) &&
    Object.values(value).some((v) => v !== undefined);
  if (!isObject) return constStatement(doc, head, jsonDoc(value), suffix);
  const comment = doc === undefined ? '' : render(commentDoc(doc));
  // The formatter's assignment layout: the object stays on the `=` line when
  // its `{` fits there, else it moves to the next line, indented.
  if (textWidth(head) + 4 <= 100) {
    return `${comment}${head} = ${jsonText(value, 0, textWidth(head) + 3, 0)}${suffix};`;
  }
  return `${comment}${head} =\n  ${jsonText(value, 2, 2, 0)}${suffix};`;
}

/** A tool's declaration statement, naming the shared `$defs` and provider constants. */
export function definitionStatement(t: ToolPlan, shared?: SharedValues): Statement {
  const value = definitionValue(t);
  const inputSchema =
    shared === undefined ? value.inputSchema : withSharedDefs(value.inputSchema, shared);
  const outputSchema =
    shared === undefined ? value.outputSchema : withSharedDefs(value.outputSchema, shared);
  const shaped = {
    ...value,
    inputSchema: new SchemaText(inputSchema),
    outputSchema: outputSchema === undefined ? undefined : new SchemaText(outputSchema),
    ...(shared === undefined ? {} : { requirement: sharedRequirement(t, shared) }),
  };
  return jsonConstStatement(
    `Declaration of \`${t.tool.name}\`.`,
    `export const ${definitionName(t)}: ToolDefinition<${requirementType(t.requirement)}>`,
    shaped,
  );
}
