import type { VariableStatementStructure } from 'ts-morph';
import { escapeForCode } from '../escape.js';
import type { ToolPlan } from '../plan.js';
import { jsonLiteral, requirementType } from './literal.js';
import { docs } from './types.js';
import { type Statement, StructureKind, VariableDeclarationKind } from './typescript.js';

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

/** A tool's declaration as a ts-morph structure: the reference for `definitionStatement`. */
export function definitionStructure(t: ToolPlan): VariableStatementStructure {
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: docs(`Declaration of \`${t.tool.name}\`.`),
    declarations: [
      {
        name: definitionName(t),
        type: `ToolDefinition<${requirementType(t.requirement)}>`,
        initializer: jsonLiteral(definitionValue(t)),
      },
    ],
  };
}

/**
 * A tool's declaration, written as the text ts-morph prints for
 * `definitionStructure` (its hanging indent puts every continuation line of
 * the initializer one level in). These literals are most of a server
 * package's text, and ts-morph's declaration-list printer copies and rescans
 * an initializer character by character several times over: as text they
 * cost a third of the server emit less. A test holds the two forms to the
 * same bytes. A doc line ts-morph would wrap (only a hand-built IR's tool name
 * can need that) keeps the structure.
 */
export function definitionStatement(t: ToolPlan): Statement {
  const doc = escapeForCode(`Declaration of \`${t.tool.name}\`.`, 'doc');
  if (doc.includes('\n')) return definitionStructure(t);
  const literal = jsonLiteral(definitionValue(t)).replaceAll('\n', '\n  ');
  return `/** ${doc} */\nexport const ${definitionName(t)}: ToolDefinition<${requirementType(t.requirement)}> = ${literal};`;
}
