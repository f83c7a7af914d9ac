import {
  IndentationText,
  NewLineKind,
  Project,
  QuoteKind,
  type StatementStructures,
} from 'ts-morph';
import { GENERATED_HEADER } from '../version.js';

/** A statement for a generated file: a ts-morph structure, or raw text for code blocks. */
export type Statement = StatementStructures | string;

let project: Project | undefined;

// One in-memory project for the whole run: its settings are set once, and no
// file ever touches the disk through ts-morph (the write stage owns the disk).
function sharedProject(): Project {
  project ??= new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      newLineKind: NewLineKind.LineFeed,
      quoteKind: QuoteKind.Single,
      useTrailingCommas: true,
    },
  });
  return project;
}

/**
 * Prints one TypeScript file from its statement structures: one
 * `createSourceFile` call, then the file is forgotten so memory stays flat
 * however many toolsets a run has.
 */
export function printTypeScript(path: string, statements: readonly Statement[]): string {
  const file = sharedProject().createSourceFile(
    path,
    { statements: [`// ${GENERATED_HEADER}`, ...statements] },
    { overwrite: true },
  );
  const text = file.getFullText();
  sharedProject().removeSourceFile(file);
  return text.endsWith('\n') ? text : `${text}\n`;
}
