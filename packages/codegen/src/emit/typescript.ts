import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';
import { GENERATED_HEADER } from '../version.js';

// ts-morph is CommonJS: an ESM `import` of it first runs Node's CJS export
// scanner over its 1 MB bundle (about 80 ms of every run); `require` skips that.
// The emitters take its enums from here, so this is the one place that loads it.
const tsMorph = createRequire(import.meta.url)('ts-morph') as typeof TsMorph;

/** ts-morph's structure kinds, for the emitters' statement structures. */
export const StructureKind = tsMorph.StructureKind;
/** ts-morph's `const`/`let` kinds, for variable statement structures. */
export const VariableDeclarationKind = tsMorph.VariableDeclarationKind;

/** A statement for a generated file: a ts-morph structure, or raw text for code blocks. */
export type Statement = TsMorph.StatementStructures | string;

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
  const text = tsMorph.printStructure(
    { kind: StructureKind.SourceFile, statements: [`// ${GENERATED_HEADER}`, ...statements] },
    PRINT_OPTIONS,
  );
  return text.endsWith('\n') ? text : `${text}\n`;
}
