import type { CallCredential } from '../enforce.js';
import type { CallOutcome, CallRefusal } from '../middleware.js';
import type { ToolCall } from './call.js';
import type { PreparedTool } from './toolset.js';

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

function endOfChain(): never {
  throw new Error('toolscope: the call pipeline ended without an invoke step.');
}

/**
 * Composes steps, first outermost, into one function, once per tool at
 * registration: a call then costs one function call per step and no closure.
 */
export function compose(steps: readonly NamedStep[]): Next {
  let next: Next = endOfChain;
  for (let i = steps.length - 1; i >= 0; i--) {
    const run = (steps[i] as NamedStep).run;
    const after = next;
    next = (state) => run(state, after);
  }
  return next;
}

/** A result outcome. */
export function resultOutcome(result: unknown): CallOutcome {
  return { type: 'result', result: result as Readonly<Record<string, unknown>> };
}

/** A refusal outcome by the named step. */
export function refusedOutcome(refusal: CallRefusal, by: string): CallOutcome {
  return { type: 'refused', refusal, by };
}

/** The caller's token once `authorize` accepted it; undefined for `none` tools and before. */
export function tokenOf(state: CallState): string | undefined {
  const credential = state.credential;
  return credential === undefined || credential.method === 'none' ? undefined : credential.token;
}

/** `then` for a value that may be a promise, without a microtask when it is not. */
export function after<T, U>(
  value: T | Promise<T>,
  map: (value: T) => U | Promise<U>,
): U | Promise<U> {
  return value instanceof Promise ? value.then(map) : map(value);
}
