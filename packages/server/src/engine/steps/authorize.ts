import { authorizeCall, type CallCredential, isAuthFailure } from '../../enforce.js';
import type { CallOutcome } from '../../middleware.js';
import type { AuthFailure } from '../../profiles.js';
import { type CallState, type NamedStep, type Next, refusedOutcome } from '../pipeline.js';

function decided(
  state: CallState,
  next: Next,
  outcome: CallCredential | AuthFailure,
): CallOutcome | Promise<CallOutcome> {
  if (isAuthFailure(outcome)) {
    state.tool.logger.info(
      { tool: state.tool.name, error: outcome.kind, reason: outcome.reason },
      'tool call refused',
    );
    return refusedOutcome(
      { kind: 'authorization', error: outcome.kind, reason: outcome.reason },
      'authorize',
    );
  }
  state.credential = outcome;
  return next(state);
}

/**
 * Step `authorize` (wire-protocol.md §2–4): checks the call's credential against
 * the tool's requirement and refuses, or records the credential and goes on.
 * Synchronous unless a verifier runs.
 */
export const authorize: NamedStep = {
  name: 'authorize',
  run(state, next) {
    const { tool, call } = state;
    const checked = authorizeCall(tool, call.meta, call.transport, call.signal);
    return checked instanceof Promise
      ? checked.then((outcome) => decided(state, next, outcome))
      : decided(state, next, checked);
  },
};
