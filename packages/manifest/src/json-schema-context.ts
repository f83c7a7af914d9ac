/** What schema conversion shares: the source, the known `$defs`, and where problems go. */
import type { Diagnostic } from './diagnostics.js';
import type { ParsedSource } from './source.js';

/** What the converter needs from its surroundings. */
export interface SchemaContext {
  readonly source: ParsedSource;
  /** Names of the toolset's top-level `$defs`. */
  readonly defNames: ReadonlySet<string>;
  readonly diagnostics: Diagnostic[];
  /** Every `$defs` name referenced, filled in while converting. */
  readonly referenced: Set<string>;
}

/** Reports a keyword whose value has the wrong shape; returns false for `ok`. */
export function badValue(ctx: SchemaContext, at: string, message: string, hint?: string): false {
  ctx.diagnostics.push({
    severity: 'error',
    code: 'SCHEMA_INVALID',
    message,
    ...(hint ? { hint } : {}),
    file: ctx.source.file,
    ...ctx.source.locate(at, 'value'),
    pointer: at,
  });
  return false;
}
