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
 * Prints one TypeScript file from its statement structures, built once as a
 * source-file structure. ts-morph's own structure printer writes the text; no
 * Project holds the file, so TypeScript does not parse what was just printed
 * (that parse was half of the emit time, and nothing here reads the AST).
 */
export function printTypeScript(statements: readonly Statement[]): string {
  // A blank line between declarations; imports and re-exports stay together.
  const spaced = statements.map((s, i) => {
    if (i === 0 || typeof s !== 'string') return s;
    const previous = statements[i - 1] as Statement;
    return isModuleStatement(s) && isModuleStatement(previous) ? s : `\n${s}`;
  });
  const text = tsMorph.printStructure(
    { kind: StructureKind.SourceFile, statements: [`// ${GENERATED_HEADER}`, ...spaced] },
    PRINT_OPTIONS,
  );
  // ts-morph puts its own blank line after a block; never two. (No generated
  // text holds a raw blank line of its own: manifest strings are escaped.)
  const single = text.replace(/\n{3,}/g, '\n\n');
  return single.endsWith('\n') ? single : `${single}\n`;
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
    const dx = /^\d+/.exec(x.slice(i))?.[0];
    const dy = /^\d+/.exec(y.slice(j))?.[0];
    if (dx !== undefined && dy !== undefined) {
      const diff = Number(dx) - Number(dy);
      if (diff !== 0) return diff;
      i += dx.length;
      j += dy.length;
      continue;
    }
    const diff = charRank(x.charAt(i)) - charRank(y.charAt(j));
    if (diff !== 0) return diff;
    i++;
    j++;
  }
  return x.length - i - (y.length - j);
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
