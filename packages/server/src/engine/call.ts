import { AUTH_ERROR_REASONS } from '@toolscope/core';
import { authorizeCall, type CallTransport, isAuthFailure } from '../enforce.js';
import { UpstreamRejectedError } from '../errors.js';
import { safeArgumentError } from '../leak-guards.js';
import { callLog } from '../logging.js';
import { refuse } from '../profiles.js';
import { containsToken, redactToken, redactTokenDeep } from '../redact.js';
import type { InputRequiredSpec, McpCallFacilities } from '../types.js';
import { createUpstreamFetch } from '../upstream.js';
import type { PreparedTool } from './toolset.js';
import { JSONRPC_CODES, WireError } from './wire-error.js';

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

/** Thrown by `requireInput`: the handler asks for input; the call ends with an input-required result. */
export class InputRequiredSignal {
  readonly spec: InputRequiredSpec;
  constructor(spec: InputRequiredSpec) {
    this.spec = spec;
  }
}

/** An input-required result (MCP 2026-07-28) from what the handler asked for. */
function inputRequiredResult(spec: InputRequiredSpec): Record<string, unknown> {
  return {
    resultType: 'input_required',
    ...(spec.inputRequests === undefined ? {} : { inputRequests: spec.inputRequests }),
    ...(spec.requestState === undefined ? {} : { requestState: spec.requestState }),
  };
}

/** A handler error as a tool result; the token is cut out in case the handler echoed it. */
function failedResult(error: unknown, token: string | undefined): Record<string, unknown> {
  const message = error instanceof Error ? error.message : 'Tool failed.';
  const text = token === undefined ? message : redactToken(message, token);
  return { content: [{ type: 'text', text }], isError: true };
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

/**
 * wire-protocol.md §2: a tool result never carries the caller's token, even when a handler
 * echoes it. Every string and key is searched (a search of the serialized JSON
 * would miss a token with characters JSON escapes). A result that holds the token
 * is withheld whole rather than rewritten: rewriting could corrupt the result's
 * own structure when the token is short or stands in a key.
 */
function scrubResult(result: unknown, token: string | undefined, tool: PreparedTool): unknown {
  if (token === undefined || !containsToken(result, token)) return result;
  tool.logger.warn({ tool: tool.name }, 'tool result contained the caller token; withheld');
  return {
    content: [
      {
        type: 'text',
        text: "The tool's result was withheld: it contained the caller's credential.",
      },
    ],
    isError: true,
  };
}

function handlerContext(
  tool: PreparedTool,
  call: ToolCall,
  outcome: { method: string; token?: string; claims?: unknown },
) {
  const base = {
    toolName: tool.name,
    signal: call.signal,
    requestId: call.requestId,
    sessionId: call.sessionId,
    mcp: call.mcp,
  };
  if (outcome.method === 'none') return { ...base, method: 'none' as const };
  return {
    ...base,
    method: outcome.method,
    token: outcome.token,
    claims: outcome.claims,
    fetch: createUpstreamFetch(tool.upstream!, outcome.token!),
  };
}

/**
 * One `tools/call` of a toolscope tool: authorize (wire-protocol.md §2–4), validate the
 * arguments, run the handler, check and scrub its output. Resolves with the
 * CallToolResult (or an input-required result); protocol errors are thrown as
 * `WireError`s, which both SDK lines send as they are.
 */
export async function callTool(tool: PreparedTool, call: ToolCall): Promise<unknown> {
  const checked = authorizeCall(tool, call.meta, call.transport, call.signal);
  // Only a verifier makes the check asynchronous; opaque and none stay synchronous.
  const outcome = checked instanceof Promise ? await checked : checked;
  if (isAuthFailure(outcome)) {
    tool.logger.info(
      { tool: tool.name, error: outcome.kind, reason: outcome.reason },
      'tool call refused',
    );
    return refuse(tool.name, tool.requirement, outcome, tool.refusal);
  }
  const args = call.arguments ?? {};
  const token = outcome.method === 'none' ? undefined : outcome.token;
  const invalid = tool.checkInput?.(args);
  if (invalid !== undefined) {
    // The schema error names argument keys and values, and a caller may have put its token in one.
    throw new WireError(
      JSONRPC_CODES.invalidParams,
      safeArgumentError(`Invalid arguments for tool ${tool.name}: ${invalid}`, token),
    );
  }
  let output: unknown;
  try {
    output = await tool.handler(args, handlerContext(tool, call, outcome));
  } catch (error) {
    if (error instanceof InputRequiredSignal) {
      return scrubResult(inputRequiredResult(error.spec), token, tool);
    }
    if (error instanceof UpstreamRejectedError) {
      tool.logger.info({ tool: tool.name, status: error.status }, 'upstream rejected the token');
      return refuse(
        tool.name,
        tool.requirement,
        error.insufficientScope
          ? { kind: 'insufficient_scope', reason: AUTH_ERROR_REASONS.upstreamInsufficientScope }
          : { kind: 'invalid_token', reason: AUTH_ERROR_REASONS.upstreamRejected },
        tool.refusal,
      );
    }
    const thrown = protocolErrorOf(error);
    if (thrown !== undefined) {
      // The handler chose the code; the token is cut out of what it wrote.
      throw token === undefined
        ? new WireError(thrown.code, thrown.message, thrown.data)
        : new WireError(
            thrown.code,
            redactToken(thrown.message, token),
            redactTokenDeep(thrown.data, token),
          );
    }
    // The error's name is the handler's to choose, and it may quote the token.
    callLog(tool.logger, token).warn(
      { tool: tool.name, error: error instanceof Error ? error.name : 'unknown' },
      'tool handler failed',
    );
    return failedResult(error, token);
  }
  if (tool.definition.outputSchema === undefined) return scrubResult(output, token, tool);
  const mismatch = tool.checkOutput?.(output);
  if (mismatch !== undefined) {
    throw new WireError(
      JSONRPC_CODES.internalError,
      // The mismatch names fields and keys from the handler's output, which may echo the token.
      `Output of tool ${tool.name} does not match its outputSchema: ${
        token === undefined ? mismatch : redactToken(mismatch, token)
      }`,
    );
  }
  return scrubResult(
    { content: [{ type: 'text', text: JSON.stringify(output) }], structuredContent: output },
    token,
    tool,
  );
}
