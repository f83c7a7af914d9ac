import { safeArgumentError } from '../../leak-guards.js';
import { type NamedStep, refusedOutcome, tokenOf } from '../pipeline.js';
import { JSONRPC_CODES } from '../wire-error.js';

/** Step `validate`: the arguments against the tool's `inputSchema` (-32602 naming the field). */
export const validate: NamedStep = {
  name: 'validate',
  run(state, next) {
    const invalid = state.tool.checkInput?.(state.arguments);
    if (invalid === undefined) return next(state);
    // The schema error names argument keys and values, and a caller may have put its token in one.
    return refusedOutcome(
      {
        kind: 'protocol',
        code: JSONRPC_CODES.invalidParams,
        message: safeArgumentError(
          `Invalid arguments for tool ${state.tool.name}: ${invalid}`,
          tokenOf(state),
        ),
      },
      'validate',
    );
  },
};
