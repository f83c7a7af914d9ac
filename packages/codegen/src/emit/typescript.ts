import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';
import { GENERATED_HEADER } from '../version.js';
import { type Doc, render, textWidth } from './layout.js';

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
 * Prints one TypeScript file from its statements. A structure (an import or
 * export declaration) is written by ts-morph's structure printer; a statement
 * that is already laid-out text (see layout.ts) is written as it is — passing
 * it through the printer's writer would only re-scan every character of the
 * file (a quarter of the emit time at 1,000 tools) to produce the same text.
 * No Project holds the file, so TypeScript never parses what was printed.
 */
export function printTypeScript(statements: readonly Statement[]): string {
  let text = `// ${GENERATED_HEADER}\n`;
  statements.forEach((s, i) => {
    const previous = statements[i - 1];
    // A blank line between declarations; imports and re-exports stay together.
    const together =
      i === 0 || (previous !== undefined && isModuleStatement(s) && isModuleStatement(previous));
    if (!together) text += '\n';
    text += typeof s === 'string' ? `${s}\n` : printStructure(s);
  });
  // Never two blank lines in a row. (No generated text holds a raw blank line
  // of its own: manifest strings are escaped.)
  return text.replace(/\n{3,}/g, '\n\n');
}

function printStructure(structure: TsMorph.StatementStructures): string {
  const text = tsMorph.printStructure(structure, PRINT_OPTIONS);
  return text.endsWith('\n') ? text : `${text}\n`;
}

function isModuleStatement(s: Statement): boolean {
  if (typeof s !== 'string') {
    return s.kind === StructureKind.ImportDeclaration || s.kind === StructureKind.ExportDeclaration;
  }
  return /^(import|export)( type)? (\{|\*)[^;]* from '[^']*';$/s.test(s);
}

/**
 * The order the repository formatter's import sorting gives names: letters
 * compared case-insensitively with the capital first (`A < a < B < b`), digit
 * runs by value, other characters before letters. A `type ` prefix is ignored.
 */
export function compareNames(a: string, b: string): number {
  const x = a.replace(/^type /, '');
  const y = b.replace(/^type /, '');
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (isDigit(x.charCodeAt(i)) && isDigit(y.charCodeAt(j))) {
      const endX = digitsEnd(x, i);
      const endY = digitsEnd(y, j);
      const diff = Number(x.slice(i, endX)) - Number(y.slice(j, endY));
      if (diff !== 0) return diff;
      i = endX;
      j = endY;
      continue;
    }
    const diff = charRank(x.charAt(i)) - charRank(y.charAt(j));
    if (diff !== 0) return diff;
    i++;
    j++;
  }
  return x.length - i - (y.length - j);
}

const isDigit = (code: number) => code >= 48 && code <= 57;

/** The index after the run of digits that starts at `from`. */
function digitsEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && isDigit(text.charCodeAt(end))) end++;
  return end;
}

function charRank(ch: string): number {
  const code = ch.charCodeAt(0);
  if (code >= 65 && code <= 90) return 1000 + (code - 65) * 2;
  if (code >= 97 && code <= 122) return 1000 + (code - 97) * 2 + 1;
  if (code >= 48 && code <= 57) return 500 + code;
  return code;
}

/** Names sorted as `compareNames` orders them. */
export function sortNames(names: Iterable<string>): string[] {
  return [...names].sort(compareNames);
}

/**
 * An import or export of named bindings: ts-morph's structure when it fits on
 * one line, else one name a line, as the formatter breaks it. Names are sorted.
 */
export function namedModuleStatement(
  keyword: 'import' | 'export',
  moduleSpecifier: string,
  names: Iterable<string>,
  typeOnly = false,
): Statement {
  const sorted = sortNames(names);
  const head = `${keyword}${typeOnly ? ' type' : ''} `;
  const tail = ` from '${moduleSpecifier}';`;
  const oneLine = `${head}{ ${sorted.join(', ')} }${tail}`;
  if (textWidth(oneLine) <= 100) {
    return keyword === 'import'
      ? {
          kind: StructureKind.ImportDeclaration,
          isTypeOnly: typeOnly,
          moduleSpecifier,
          namedImports: sorted,
        }
      : {
          kind: StructureKind.ExportDeclaration,
          isTypeOnly: typeOnly,
          moduleSpecifier,
          namedExports: sorted,
        };
  }
  return `${head}{\n${sorted.map((n) => `  ${n},\n`).join('')}}${tail}`;
}

/** A laid-out statement as text for ts-morph (see layout.ts). */
export function laidOut(doc: Doc): string {
  return render(doc);
}
