import type { ToolsetIR } from '@toolscope/manifest';
import { escapeForCode } from '../escape.js';
import type { ToolsetPlan } from '../types.js';
import type { Doc } from './layout.js';
import {
  commentDoc,
  describe,
  objectTypeDoc,
  schemaTypeDoc,
  type TypeDoc,
  typeDoc,
} from './schema-types.js';
import { laidOut, type Statement } from './typescript.js';

/** A JSDoc structure from manifest text (escaped), or none for empty text. */
export function docs(...parts: ReadonlyArray<string | undefined>) {
  const text = joinDocs(parts);
  return text === undefined ? [] : [{ description: escapeForCode(text, 'doc') }];
}

/** Doc paragraphs joined by a blank line, or undefined when all are empty. */
export function joinDocs(parts: ReadonlyArray<string | undefined>): string | undefined {
  const text = parts.filter((p) => p !== undefined && p.trim() !== '').join('\n\n');
  return text === '' ? undefined : text;
}

/** `export type Name = …;` with its JSDoc, laid out for the formatter. */
export function aliasStatement(
  name: string,
  type: TypeDoc | Doc,
  doc: ReadonlyArray<string | undefined> = [],
): Statement {
  const t = isTypeDoc(type) ? typeDoc(type) : type;
  return laidOut([commentDoc(joinDocs(doc)), `export type ${name} = `, t, ';']);
}

function isTypeDoc(value: TypeDoc | Doc): value is TypeDoc {
  return typeof value === 'object' && value !== null && 'variants' in value && 'shapes' in value;
}

/**
 * The type aliases of a toolset: one per `$defs` entry, then an input and an
 * output type per tool. Shared by the server and the client packages.
 */
export function toolsetTypeStatements(plan: ToolsetPlan): Statement[] {
  const { toolset, defTypes } = plan;
  const statements: Statement[] = [];
  for (const def of sortedDefs(toolset)) {
    const name = defTypes.get(def.name) ?? def.name;
    statements.push(
      aliasStatement(name, schemaTypeDoc(def.schema, defTypes), [describe(def.schema)]),
    );
  }
  for (const { tool, inputType, outputType } of plan.tools) {
    const code = `\`${tool.name}\``;
    statements.push(
      aliasStatement(inputType, objectTypeDoc(tool.input, defTypes), [
        `Input of ${code}.`,
        describe(tool.input),
      ]),
    );
    if (outputType !== undefined && tool.output !== undefined) {
      statements.push(
        aliasStatement(outputType, objectTypeDoc(tool.output, defTypes), [
          `Structured output of ${code}.`,
          describe(tool.output),
        ]),
      );
    }
  }
  return statements;
}

/** The toolset's `$defs`, sorted by name. */
export function sortedDefs(toolset: ToolsetIR) {
  return [...toolset.defs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
