import type { CallOutcome, CallRefusal } from '../types.js';
import type { CallState, NamedStep, Next } from './types.js';

// The pipeline types live in ./types.js with the tool and call types they refer to.
export type { CallState, NamedStep, Next, Step } from './types.js';

export function endOfChain(): never {
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
