import type { ToolsetIR } from '@toolscope/manifest';
import type { TypeAliasDeclarationStructure } from 'ts-morph';
import { escapeForCode } from '../escape.js';
import type { ToolsetPlan } from '../plan.js';
import { describe, objectType, schemaType } from './schema-types.js';
import { StructureKind } from './typescript.js';

/** A JSDoc structure from manifest text (escaped), or none for empty text. */
export function docs(...parts: ReadonlyArray<string | undefined>) {
  const text = parts.filter((p) => p !== undefined && p.trim() !== '').join('\n\n');
  return text === '' ? [] : [{ description: escapeForCode(text, 'doc') }];
}

function alias(
  name: string,
  type: string,
  doc: Array<string | undefined>,
): TypeAliasDeclarationStructure {
  return { kind: StructureKind.TypeAlias, isExported: true, name, type, docs: docs(...doc) };
}

/**
 * The type aliases of a toolset: one per `$defs` entry, then an input and an
 * output type per tool. Shared by the server and the client packages.
 */
export function toolsetTypeStatements(plan: ToolsetPlan): TypeAliasDeclarationStructure[] {
  const { toolset, defTypes } = plan;
  const statements: TypeAliasDeclarationStructure[] = [];
  for (const def of sortedDefs(toolset)) {
    const name = defTypes.get(def.name) ?? def.name;
    statements.push(alias(name, schemaType(def.schema, defTypes), [describe(def.schema)]));
  }
  for (const { tool, inputType, outputType } of plan.tools) {
    const code = `\`${tool.name}\``;
    statements.push(
      alias(inputType, objectType(tool.input, defTypes), [
        `Input of ${code}.`,
        describe(tool.input),
      ]),
    );
    if (outputType !== undefined && tool.output !== undefined) {
      statements.push(
        alias(outputType, objectType(tool.output, defTypes), [
          `Structured output of ${code}.`,
          describe(tool.output),
        ]),
      );
    }
  }
  return statements;
}

function sortedDefs(toolset: ToolsetIR) {
  return [...toolset.defs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
