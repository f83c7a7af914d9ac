import { answer } from './answer.js';
import { tokenOf } from './pipeline.js';
import { resolveCall } from './steps/resolve.js';
import type { PreparedTool, ToolCall } from './types.js';

export { InputRequiredSignal } from './input-required.js';

export type { ToolCall } from './types.js';

/**
 * One `tools/call` of a toolscope tool: resolve the call, run it through the
 * tool's chain (middleware and the steps authorize, validate, scrub, invoke;
 * see toolset.ts), and answer its outcome. Resolves with the CallToolResult (or
 * an input-required result); a protocol error is thrown as a `WireError`, which
 * both SDK lines send as it is.
 *
 * Synchronous when the whole chain is (a `none` or opaque tool whose handler
 * returns a plain value, a jwt token found in the verified-result cache): then
 * it returns the answer, or throws the `WireError`, without a promise turn.
 * Otherwise it returns a promise of the same. Callers `await` it either way.
 */
export function callTool(tool: PreparedTool, call: ToolCall): unknown {
  const state = resolveCall(tool, call);
  const outcome = tool.run(state);
  if (outcome instanceof Promise) return outcome.then((o) => answer(tool, o, tokenOf(state)));
  return answer(tool, outcome, tokenOf(state));
}
