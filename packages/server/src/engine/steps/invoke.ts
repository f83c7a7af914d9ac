import { AUTH_ERROR_REASONS } from '@toolscope/core';
import type { CallCredential } from '../../enforce.js';
import { UpstreamRejectedError } from '../../errors.js';
import { callLog } from '../../logging.js';
import type { CallOutcome } from '../../middleware.js';
import type { InputRequiredSpec } from '../../types.js';
import { createUpstreamFetch } from '../../upstream.js';
import { InputRequiredSignal } from '../input-required.js';
import {
  type CallState,
  type NamedStep,
  refusedOutcome,
  resultOutcome,
  tokenOf,
} from '../pipeline.js';
import type { PreparedTool, ToolCall } from '../types.js';
import { JSONRPC_CODES } from '../wire-error.js';

/** An input-required result (MCP 2026-07-28) from what the handler asked for. */
function inputRequiredResult(spec: InputRequiredSpec): Record<string, unknown> {
  return {
    resultType: 'input_required',
    ...(spec.inputRequests === undefined ? {} : { inputRequests: spec.inputRequests }),
    ...(spec.requestState === undefined ? {} : { requestState: spec.requestState }),
  };
}

/** A JSON-RPC error a handler threw on purpose (either SDK line's class, or toolscope's). */
function protocolErrorOf(
  error: unknown,
): { code: number; message: string; data: unknown } | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'number' || !Number.isSafeInteger(code)) return undefined;
  return { code, message: error.message, data: (error as { data?: unknown }).data };
}

/** The context a handler receives: a token only for token-bearing tools. */
export function handlerContext(tool: PreparedTool, call: ToolCall, credential: CallCredential) {
  if (credential.method === 'none') {
    return {
      toolName: tool.name,
      signal: call.signal,
      requestId: call.requestId,
      sessionId: call.sessionId,
      mcp: call.mcp,
      method: 'none' as const,
    };
  }
  const token = credential.token;
  return {
    toolName: tool.name,
    signal: call.signal,
    requestId: call.requestId,
    sessionId: call.sessionId,
    mcp: call.mcp,
    method: credential.method,
    token,
    claims: credential.claims,
    fetch: createUpstreamFetch(tool.upstream!, token),
  };
}

/** What a handler's throw comes to: input required, an upstream refusal, its own error, or a failure. */
function thrownOutcome(state: CallState, error: unknown): CallOutcome {
  const { tool } = state;
  if (error instanceof InputRequiredSignal) return resultOutcome(inputRequiredResult(error.spec));
  if (error instanceof UpstreamRejectedError) {
    tool.logger.info({ tool: tool.name, status: error.status }, 'upstream rejected the token');
    return refusedOutcome(
      error.insufficientScope
        ? {
            kind: 'authorization',
            error: 'insufficient_scope',
            reason: AUTH_ERROR_REASONS.upstreamInsufficientScope,
          }
        : {
            kind: 'authorization',
            error: 'invalid_token',
            reason: AUTH_ERROR_REASONS.upstreamRejected,
          },
      'invoke',
    );
  }
  const thrown = protocolErrorOf(error);
  // The handler chose the code; the answer step cuts the token out of what it wrote.
  if (thrown !== undefined) return refusedOutcome({ kind: 'protocol', ...thrown }, 'invoke');
  // The error's name is the handler's to choose, and it may quote the token.
  callLog(tool.logger, tokenOf(state)).warn(
    { tool: tool.name, error: error instanceof Error ? error.name : 'unknown' },
    'tool handler failed',
  );
  return refusedOutcome(
    { kind: 'tool-error', message: error instanceof Error ? error.message : 'Tool failed.' },
    'invoke',
  );
}

/** The handler's return value as the result that goes out, its output checked against `outputSchema`. */
function returnedOutcome(state: CallState, output: unknown): CallOutcome {
  const { tool } = state;
  if (tool.definition.outputSchema === undefined) return resultOutcome(output);
  const mismatch = tool.checkOutput?.(output);
  if (mismatch !== undefined) {
    // The mismatch names fields and keys from the handler's output; the answer step redacts it.
    return refusedOutcome(
      {
        kind: 'protocol',
        code: JSONRPC_CODES.internalError,
        message: `Output of tool ${tool.name} does not match its outputSchema: ${mismatch}`,
      },
      'invoke',
    );
  }
  return resultOutcome({
    content: [{ type: 'text', text: JSON.stringify(output) }],
    structuredContent: output,
  });
}

/** A value `await` would wait for: a promise or any other thenable. */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Step `invoke`, the end of the chain: runs the handler with its context and
 * turns what it returned or threw into an outcome. Nothing after it runs.
 * A handler that returns a plain value is answered synchronously; one that
 * returns a promise (or any thenable, as `await` would take it) is waited for.
 */
export const invoke: NamedStep = {
  name: 'invoke',
  run(state) {
    const { tool, call } = state;
    // `authorize` always runs first; a chain without it is a bug, not a `none` call.
    const credential = state.credential;
    if (credential === undefined) {
      return Promise.reject(new Error('toolscope: invoke ran before authorize.'));
    }
    let output: unknown;
    try {
      output = tool.handler(state.arguments, handlerContext(tool, call, credential));
    } catch (error) {
      return thrownOutcome(state, error);
    }
    if (!isThenable(output)) return returnedOutcome(state, output);
    return Promise.resolve(output).then(
      (value) => returnedOutcome(state, value),
      (error: unknown) => thrownOutcome(state, error),
    );
  },
};
