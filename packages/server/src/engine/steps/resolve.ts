import type { CallState, PreparedTool, ToolCall } from '../types.js';

/**
 * Step `resolve`: the call's state for a tool toolscope owns (the adapters
 * look the tool up; a tool it does not own never reaches the engine). Missing
 * arguments become `{}`, as MCP allows a call without them.
 */
export function resolveCall(tool: PreparedTool, call: ToolCall): CallState {
  return { tool, call, arguments: call.arguments ?? {}, credential: undefined };
}
