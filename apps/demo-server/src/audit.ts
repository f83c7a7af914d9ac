import { appendFileSync } from 'node:fs';
import { type CallOutcome, defineMiddleware, type Middleware } from '@toolscope/server';

/** One line of the demo's audit log: who called which tool, and how it ended. Never the token. */
export interface AuditRecord {
  readonly at: string;
  readonly tool: string;
  /** The verified subject; `key:<keyId>` for a credential without one (an API key); `anonymous` for `none` tools and refused calls. */
  readonly user: string;
  /** `ok`, `tool-error` (an isError result), or `refused` (authorization, validation, a middleware). */
  readonly outcome: 'ok' | 'tool-error' | 'refused';
  /** For a refusal: who refused (`authorize`, `validate`, `invoke`, a middleware) and why, as a kind or code. */
  readonly refusedBy?: string;
  readonly error?: string;
  readonly durationMs: number;
}

function describe(outcome: CallOutcome): Pick<AuditRecord, 'outcome' | 'refusedBy' | 'error'> {
  if (outcome.type === 'result') {
    return { outcome: outcome.result['isError'] === true ? 'tool-error' : 'ok' };
  }
  const { refusal } = outcome;
  if (refusal.kind === 'tool-error') return { outcome: 'tool-error', refusedBy: outcome.by };
  return {
    outcome: 'refused',
    refusedBy: outcome.by,
    error: refusal.kind === 'authorization' ? refusal.error : String(refusal.code),
  };
}

/**
 * An audit-log middleware around the whole call (`wraps: 'call'`), so refused
 * calls are recorded too: tool, user and outcome, written by `write`. It reads
 * the principal toolscope verified (subject, key id), never the token, and
 * records no arguments and no result text, which could quote one.
 */
export function auditMiddleware(write: (record: AuditRecord) => void): Middleware {
  return defineMiddleware({
    name: 'audit',
    wraps: 'call',
    async handle(ctx) {
      const started = performance.now();
      const outcome = await ctx.next();
      const principal = ctx.principal;
      write({
        at: new Date().toISOString(),
        tool: ctx.toolName,
        user:
          principal === undefined ? 'anonymous' : (principal.subject ?? `key:${principal.keyId}`),
        ...describe(outcome),
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      });
      return outcome;
    },
  });
}

/** Appends each record to `file` as one JSON line. */
export function auditFile(file: string): (record: AuditRecord) => void {
  return (record) => appendFileSync(file, `${JSON.stringify(record)}\n`);
}
