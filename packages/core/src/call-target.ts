// The two official TypeScript SDK lines put `callTool`'s request options in
// different places: 1.x takes `(params, resultSchema?, options?)`, v2 takes
// `(params, options?)`. Passing them in the wrong slot fails one way on each
// line (1.x treats the options as a result schema; v2 drops a third argument,
// so a timeout or signal is silently lost). Neither SDK is imported here: the
// targets are described by their shape, and the line is told by a method only
// v2 has.

/** Options of one tool call, passed on to the SDK: both lines read `signal` and `timeout`. */
export interface CallOptions {
  readonly signal?: AbortSignal;
  readonly timeout?: number;
}

/** `tools/call` params as toolscope sends them. */
export interface ToolCallParams {
  name: string;
  arguments?: Record<string, unknown>;
  _meta?: Record<string, unknown>;
}

/**
 * The call surface of an SDK 1.x `Client` (`@modelcontextprotocol/sdk`):
 * `callTool(params, resultSchema?, options?)`. A hand-written target with only
 * `callTool` is called this way too.
 */
export interface SdkV1CallTarget {
  callTool(
    params: ToolCallParams,
    resultSchema?: undefined,
    options?: CallOptions,
  ): Promise<unknown>;
}

/**
 * The call surface of an SDK v2 `Client` (`@modelcontextprotocol/client`):
 * `callTool(params, options?)`. `getProtocolEra` (the 2025 `initialize` era
 * versus the 2026-07-28 `server/discover` era) exists on v2 only, and is what
 * tells the lines apart at run time.
 */
export interface SdkV2CallTarget {
  callTool(params: ToolCallParams, options?: CallOptions): Promise<unknown>;
  getProtocolEra(): string | undefined;
}

/**
 * What generated clients and the agent call tools on: an SDK 1.x `Client`, an
 * SDK v2 `Client`, or anything shaped like either.
 */
export type ToolCallTarget = SdkV1CallTarget | SdkV2CallTarget;

/**
 * A line of the official TypeScript MCP SDK: `v2` (`@modelcontextprotocol/server`
 * and `/client`) or `v1` (`@modelcontextprotocol/sdk` 1.x). The one name for it
 * in every package: the client's calling convention, the server entry, the generator's `sdk`.
 */
export type SdkLine = 'v1' | 'v2';

function isSdkV2(target: ToolCallTarget): target is SdkV2CallTarget {
  return typeof (target as { getProtocolEra?: unknown }).getProtocolEra === 'function';
}

/** The SDK line of a call target: `v2` when it has v2's `getProtocolEra`, else `v1`. */
export function sdkLineOf(target: ToolCallTarget): SdkLine {
  return isSdkV2(target) ? 'v2' : 'v1';
}

/**
 * The options one call hands to the SDK: the caller's `signal` is replaced by
 * a signal of this call's own that aborts with it (`AbortSignal.any`, which
 * puts no listener on the caller's signal). SDK 1.x adds an abort listener to
 * the signal of every request and never removes it, so a caller that reuses
 * one signal across many calls (a shutdown signal, say) collected one listener
 * per call on it, and Node printed MaxListenersExceededWarning after ten.
 */
function perCallOptions(options: CallOptions | undefined): CallOptions | undefined {
  if (options?.signal === undefined || options.signal.aborted) return options;
  return { ...options, signal: AbortSignal.any([options.signal]) };
}

/** Sends one `tools/call` with the options in the slot the target's SDK line reads them from. */
export function sendToolCall(
  target: ToolCallTarget,
  params: ToolCallParams,
  options: CallOptions | undefined,
): Promise<unknown> {
  const own = perCallOptions(options);
  if (isSdkV2(target)) return target.callTool(params, own);
  return target.callTool(params, undefined, own);
}
