// The engine's vocabulary: a registered tool, a call as the adapters hand it
// over, and the state and steps of its pipeline. One module, because they
// refer to each other (a step's state holds the tool, whose chain is made of
// steps); toolset.ts, call.ts, pipeline.ts, answer.ts and the steps import the
// types from here and never from each other for a type.
import type { ToolDefinition } from '@toolscope/core';
import type { Logger } from 'pino';
import type { CallCredential, CallTransport, EnforcedTool } from '../enforce.js';
import type { TokenFacts, TokenSearcher } from '../exposure.js';
import type { RefusalSettings } from '../profiles.js';
import type { SchemaCheck } from '../schema.js';
import type { CallOutcome, McpCallFacilities } from '../types.js';
import type { UpstreamTarget } from '../upstream.js';

/** One registered tool with everything its calls need, built once at registration. */
export interface PreparedTool extends EnforcedTool {
  readonly definition: ToolDefinition;
  readonly handler: (input: unknown, context: unknown) => unknown;
  readonly checkInput: SchemaCheck | undefined;
  readonly checkOutput: SchemaCheck | undefined;
  readonly upstream: UpstreamTarget | undefined;
  readonly refusal: RefusalSettings;
  readonly filterByScope: boolean;
  readonly logger: Logger;
  /** The runtime's facts of a token (spelling verdict, fingerprint, searcher), shared by every call with it. */
  readonly tokenFacts: (token: string) => TokenFacts;
  /** The result searcher of a token, shared through the runtime by every call with that token. */
  readonly searcher: (token: string) => TokenSearcher;
  /** The Tool object of `tools/list`. */
  readonly listed: Record<string, unknown>;
  /** The tool's chain: middleware and the built-in steps, composed once. */
  readonly run: Next;
}

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
 * One call on its way through the steps. `resolve` makes it; `authorize` fills
 * in the credential; the later steps read it. It never leaves the engine: a
 * middleware sees a `MiddlewareContext` over it, without the token.
 */
export interface CallState {
  readonly tool: PreparedTool;
  readonly call: ToolCall;
  /** The arguments, `{}` when the request had none. */
  readonly arguments: Record<string, unknown>;
  /** Set by `authorize`; undefined before it ran or when it refused. */
  credential: CallCredential | undefined;
}

/** The rest of the chain after a step. */
export type Next = (state: CallState) => CallOutcome | Promise<CallOutcome>;

/**
 * A step of the call: it may answer by itself (a refusal), or run `next` and
 * look at or replace what comes back. Synchronous steps stay synchronous, so a
 * call that needs no verifier awaits nothing until the handler.
 */
export type Step = (state: CallState, next: Next) => CallOutcome | Promise<CallOutcome>;

/** A step with the name a refusal reports as `by`. */
export interface NamedStep {
  readonly name: string;
  readonly run: Step;
}
