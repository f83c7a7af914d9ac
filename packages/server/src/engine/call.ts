import type { CallTransport } from '../enforce.js';
import type { McpCallFacilities } from '../types.js';
import { answer } from './answer.js';
import { tokenOf } from './pipeline.js';
import { resolveCall } from './steps/resolve.js';
import type { PreparedTool } from './toolset.js';

export { InputRequiredSignal } from './input-required.js';

/** One `tools/call` as the adapters hand it over, whatever the SDK line. */
export interface ToolCall {
  readonly arguments: Record<string, unknown> | undefined;
  /** The request's `_meta`, as sent (it may carry `authorization`). */
  readonly meta: unknown;
  readonly transport: CallTransport;
  readonly signal: AbortSignal;
  readonly requestId: string | number;
  readonly sessionId: string | undefined;
  /** The line's progress, logging and input facilities for this request. */
  readonly mcp: McpCallFacilities;
}

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
