import type { CallOutcome } from '../../middleware.js';
import { type CallState, type NamedStep, resultOutcome, tokenOf } from '../pipeline.js';

/** The text of a result that carried the caller's token, which is sent instead. */
export const WITHHELD_RESULT_TEXT =
  "The tool's result was withheld: it contained the caller's credential.";

function scrubbed(state: CallState, outcome: CallOutcome): CallOutcome {
  if (outcome.type !== 'result') return outcome;
  const token = tokenOf(state);
  // Same answer as `findTokenExposure`, with the token's searcher reused across calls.
  if (token === undefined || token.length === 0) return outcome;
  if (state.tool.searcher(token).find(outcome.result) === undefined) return outcome;
  state.tool.logger.warn(
    { tool: state.tool.name },
    'tool result contained the caller token; withheld',
  );
  return resultOutcome({ content: [{ type: 'text', text: WITHHELD_RESULT_TEXT }], isError: true });
}

/**
 * Step `scrub` (wire-protocol.md §2): a tool result never carries the caller's
 * token, even when a handler echoes it. Every string and key is searched, in
 * every encoding `findTokenExposure` knows. A result that holds the token is
 * withheld whole rather than rewritten: rewriting could corrupt the result's
 * own structure when the token is short or stands in a key.
 */
export const scrub: NamedStep = {
  name: 'scrub',
  run(state, next) {
    const outcome = next(state);
    // No closure for a synchronous chain: the scrub runs on the value itself.
    return outcome instanceof Promise
      ? outcome.then((o) => scrubbed(state, o))
      : scrubbed(state, outcome);
  },
};
