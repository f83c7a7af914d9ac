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
 */
export async function callTool(tool: PreparedTool, call: ToolCall): Promise<unknown> {
  const state = resolveCall(tool, call);
  const outcome = await tool.run(state);
  return answer(tool, outcome, tokenOf(state));
}
