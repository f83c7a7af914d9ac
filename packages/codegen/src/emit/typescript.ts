import { printStructure, type StatementStructures, StructureKind } from 'ts-morph';
import { GENERATED_HEADER } from '../version.js';

/** A statement for a generated file: a ts-morph structure, or raw text for code blocks. */
export type Statement = StatementStructures | string;

// The settings a Project's manipulationSettings would give (two-space indent,
// LF, single quotes), set once for every file of every run.
const PRINT_OPTIONS = {
  indentNumberOfSpaces: 2,
  newLine: '\n',
  useSingleQuote: true,
} as const;

/**
 * Prints one TypeScript file from its statement structures, built once as a
 * source-file structure. ts-morph's own structure printer writes the text; no
 * Project holds the file, so TypeScript does not parse what was just printed
 * (that parse was half of the emit time, and nothing here reads the AST).
 */
export function printTypeScript(statements: readonly Statement[]): string {
  const text = printStructure(
    { kind: StructureKind.SourceFile, statements: [`// ${GENERATED_HEADER}`, ...statements] },
    PRINT_OPTIONS,
  );
  return text.endsWith('\n') ? text : `${text}\n`;
}
