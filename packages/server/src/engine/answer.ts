import type { CallOutcome, CallRefusal } from '../middleware.js';
import { authorizationAnswer } from '../profiles.js';
import { redactToken, redactTokenDeep } from '../redact.js';
import type { PreparedTool } from './types.js';
import { WireError } from './wire-error.js';

/** How a refusal goes out: a result to return, or a JSON-RPC error to throw. */
export type RefusalAnswer =
  | { readonly type: 'result'; readonly result: Record<string, unknown> }
  | { readonly type: 'error'; readonly error: WireError };

/**
 * The one place a refusal becomes the server's answer: an authorization
 * refusal in the server's profile (a -32001/-32003 error, an `isError` result
 * with challenges, or SEP-2643's denial), a tool error as an `isError` result,
 * a protocol refusal as its JSON-RPC error. Every text and `data` it carries has
 * the caller's token (and 8-character pieces of it) cut out, whoever wrote it.
 */
export function refusalAnswer(
  tool: PreparedTool,
  refusal: CallRefusal,
  token: string | undefined,
): RefusalAnswer {
  const cut = (text: string) => (token === undefined ? text : redactToken(text, token));
  switch (refusal.kind) {
    case 'authorization':
      return authorizationAnswer(
        tool.name,
        tool.requirement,
        { kind: refusal.error, reason: cut(refusal.reason) },
        tool.refusal,
      );
    case 'tool-error':
      return {
        type: 'result',
        result: {
          content: [{ type: 'text', text: cut(refusal.message) }],
          isError: true,
          ...(refusal.meta === undefined
            ? {}
            : { _meta: token === undefined ? refusal.meta : redactTokenDeep(refusal.meta, token) }),
        },
      };
    case 'protocol':
      return {
        type: 'error',
        error: new WireError(
          refusal.code,
          cut(refusal.message),
          token === undefined ? refusal.data : redactTokenDeep(refusal.data, token),
        ),
      };
  }
}

/** The value the adapter hands the SDK for an outcome: the result, or a thrown JSON-RPC error. */
export function answer(
  tool: PreparedTool,
  outcome: CallOutcome,
  token: string | undefined,
): Readonly<Record<string, unknown>> {
  if (outcome.type === 'result') return outcome.result;
  const out = refusalAnswer(tool, outcome.refusal, token);
  if (out.type === 'error') throw out.error;
  return out.result;
}
