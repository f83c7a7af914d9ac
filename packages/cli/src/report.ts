import type { ToolscopeError } from '@toolscope/core';
import { UsageError } from './args.js';

/** Exit status lines every `--help` ends with, so scripts can rely on them. */
export const EXIT_STATUS_HELP = `Exit status:
  0   success
  1   the input has problems (manifest or config errors, drift with --check)
  2   the command line is wrong (unknown command or option, bad argument)`;

function where(error: ToolscopeError): string {
  const at = error.location;
  if (at?.file === undefined) return '';
  const position =
    at.line === undefined ? '' : `:${at.line}${at.column === undefined ? '' : `:${at.column}`}`;
  const pointer = at.pointer === undefined || at.pointer === '' ? '' : ` (at ${at.pointer})`;
  return `${at.file}${position}${pointer}: `;
}

/**
 * The one way the CLI prints a failure: `error[ CODE]: [file:line:column (at
 * pointer): ]message`, then `hint: …` on its own line. Usage errors have no
 * code; local errors carry theirs.
 */
export function formatError(error: ToolscopeError): string {
  const head = error instanceof UsageError ? 'error' : `error ${error.code}`;
  const hint = error.hint === undefined ? '' : `\nhint: ${error.hint}`;
  return `${head}: ${where(error)}${error.message}${hint}\n`;
}
