import type { ToolDefinition } from '@toolscope/core';
import type { ToolCall } from '../src/engine/call.js';
import { type CallState, type Next, resultOutcome } from '../src/engine/pipeline.js';
import { resolveCall } from '../src/engine/steps/resolve.js';
import { type PreparedTool, ToolRegistry } from '../src/engine/toolset.js';
import { toolscopeLogger } from '../src/logging.js';
import { createToolscopeRuntime } from '../src/runtime.js';
import type { McpCallFacilities, RegisterToolsOptions } from '../src/types.js';

/** A prepared tool as registerTools builds it (real runtime, real schema compiler). */
export function preparedTool(
  definition: ToolDefinition,
  handler: (input: never, context: never) => unknown,
  options: RegisterToolsOptions = {},
): PreparedTool {
  const registry = new ToolRegistry();
  registry.add(
    [{ definition, handler }],
    options,
    toolscopeLogger(options.logger),
    options.runtime ?? createToolscopeRuntime(),
  );
  return registry.get(definition.name) as PreparedTool;
}

const facilities: McpCallFacilities = {
  era: 'legacy',
  meta: {},
  progress: async () => undefined,
  log: async () => undefined,
  request: async () => ({}),
  requireInput: () => {
    throw new Error('not in this test');
  },
  clientCapabilities: undefined,
  inputResponses: undefined,
  sdk: undefined,
};

/** A call as an adapter hands it over, on stdio (no HTTP, no connection token). */
export function toolCall(
  args: Record<string, unknown> | undefined,
  token?: { method: string; token: string },
): ToolCall {
  return {
    arguments: args,
    meta: token === undefined ? undefined : { authorization: token },
    transport: { connection: undefined, overHttp: false },
    signal: new AbortController().signal,
    requestId: 1,
    sessionId: undefined,
    mcp: facilities,
  };
}

/** The state of a call before any step ran. */
export function stateOf(tool: PreparedTool, call: ToolCall): CallState {
  return resolveCall(tool, call);
}

/** A `next` that records that it ran and answers `result`. */
export function recordingNext(result: Record<string, unknown> = { content: [] }): Next & {
  calls: CallState[];
} {
  const calls: CallState[] = [];
  const next = ((state: CallState) => {
    calls.push(state);
    return resultOutcome(result);
  }) as Next & { calls: CallState[] };
  next.calls = calls;
  return next;
}
