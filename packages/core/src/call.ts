import {
  type CallOptions,
  sendToolCall,
  type ToolCallParams,
  type ToolCallTarget,
} from './call-target.js';
import {
  AuthorizationError,
  authorizationErrorFromResult,
  toAuthorizationError,
} from './client-errors.js';
import { callMeta } from './parse.js';
import type { MetaAuthorizationDeclaration } from './types.js';

export type {
  CallOptions,
  SdkLine,
  SdkV1CallTarget,
  SdkV2CallTarget,
  ToolCallParams,
  ToolCallTarget,
} from './call-target.js';
export { sdkLineOf } from './call-target.js';

/** What a token source is asked for: the tool and its requirement. */
export interface TokenRequest {
  readonly tool: string;
  readonly requirement: Exclude<MetaAuthorizationDeclaration, { method: 'none' }>;
}

/** The function form of a token source: yields the current user's token for a tool's requirement, if any. */
export type TokenSourceFunction = (
  request: TokenRequest,
) => Promise<string | undefined> | string | undefined;

/**
 * The object form of a token source, which can also react to an authorization error
 * (refresh, step-up): resolve `true` to have the call retried once with a fresh `getToken`.
 */
export interface TokenSourceObject {
  getToken: TokenSourceFunction;
  onAuthorizationError?(error: AuthorizationError, request: TokenRequest): Promise<boolean>;
}

/** Where a call's token comes from, in either form; every API that takes a token source takes this. */
export type TokenSource = TokenSourceFunction | TokenSourceObject;

/** @deprecated Renamed to {@link TokenSourceFunction}; this alias goes in the next major. */
export type TokenGetter = TokenSourceFunction;

/** @deprecated Renamed to {@link TokenSourceObject}; this alias goes in the next major. */
export type TokenBinding = TokenSourceObject;

/** The result shape a tool call yields (a CallToolResult). */
export interface ToolCallResult {
  readonly content: readonly unknown[];
  readonly structuredContent?: Record<string, unknown>;
  readonly isError?: boolean;
  readonly _meta?: Record<string, unknown>;
}

/** One call as the generated clients describe it. */
export interface ToolInvocation {
  readonly name: string;
  readonly arguments: Record<string, unknown>;
  readonly requirement: MetaAuthorizationDeclaration;
}

/**
 * An authorization error counts only when its `data.tool` names the called tool
 * (wire-protocol.md §3: recognised by `data.error` and `data.tool`); one about another
 * tool, e.g. relayed by a proxy, is left as the error or result it was.
 */
function forThisTool(
  error: AuthorizationError | undefined,
  invocation: ToolInvocation,
): AuthorizationError | undefined {
  return error !== undefined && error.tool === invocation.name ? error : undefined;
}

async function callOnce(
  target: ToolCallTarget,
  invocation: ToolInvocation,
  token: string | undefined,
  options: CallOptions | undefined,
): Promise<ToolCallResult> {
  const { requirement } = invocation;
  const params: ToolCallParams = { name: invocation.name, arguments: invocation.arguments };
  // A `none` tool never gets a token, whatever the caller holds (wire-protocol.md §2).
  if (requirement.method !== 'none' && token !== undefined) {
    params._meta = callMeta({ method: requirement.method, token });
  }
  let result: ToolCallResult;
  try {
    result = (await sendToolCall(target, params, options)) as ToolCallResult;
  } catch (error) {
    throw forThisTool(toAuthorizationError(error), invocation) ?? error;
  }
  // The tool-result profile refuses with an isError result rather than a JSON-RPC error.
  const refused = forThisTool(authorizationErrorFromResult(result), invocation);
  if (refused !== undefined) throw refused;
  return result;
}

/** Calls a tool with an explicit token (or none); authorization errors become typed errors. */
export function invokeTool(
  target: ToolCallTarget,
  invocation: ToolInvocation,
  token: string | undefined,
  options?: CallOptions,
): Promise<ToolCallResult> {
  return callOnce(target, invocation, token, options);
}

/**
 * Calls a tool with a token from a source; on an authorization error, lets the
 * source react and retries at most once (wire-protocol.md §6: never loop).
 */
export async function invokeToolWithSource(
  target: ToolCallTarget,
  invocation: ToolInvocation,
  source: TokenSource,
  options?: CallOptions,
): Promise<ToolCallResult> {
  const { requirement } = invocation;
  if (requirement.method === 'none') return callOnce(target, invocation, undefined, options);
  const binding: TokenSourceObject = typeof source === 'function' ? { getToken: source } : source;
  const request: TokenRequest = { tool: invocation.name, requirement };
  try {
    return await callOnce(target, invocation, await binding.getToken(request), options);
  } catch (error) {
    if (!(error instanceof AuthorizationError) || binding.onAuthorizationError === undefined) {
      throw error;
    }
    const retry = await binding.onAuthorizationError(error, request);
    if (!retry) throw error;
    // The second attempt's errors go to the caller as they are: no further reaction.
    return callOnce(target, invocation, await binding.getToken(request), options);
  }
}
