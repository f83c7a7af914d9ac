import { describe, expect, it } from 'vitest';
import { preparedTool, recordingNext, stateOf, toolCall } from '../../../test/engine.js';
import { CANARY } from '../../../test/fixtures.js';
import { JSONRPC_CODES } from '../wire-error.js';
import { validate } from './validate.js';

const tool = preparedTool(
  {
    name: 't',
    inputSchema: {
      type: 'object',
      properties: { n: { type: 'number' } },
      required: ['n'],
      additionalProperties: false,
    },
    requirement: { method: 'none' },
  },
  () => ({ content: [] }),
);

describe('step validate', () => {
  it('passes valid arguments on', () => {
    const next = recordingNext();
    expect(validate.run(stateOf(tool, toolCall({ n: 1 })), next)).toMatchObject({ type: 'result' });
    expect(next.calls).toHaveLength(1);
  });

  it('refuses invalid arguments with -32602 naming the field, without running next', () => {
    const next = recordingNext();
    const out = validate.run(stateOf(tool, toolCall({})), next);
    expect(out).toEqual({
      type: 'refused',
      by: 'validate',
      refusal: {
        kind: 'protocol',
        code: JSONRPC_CODES.invalidParams,
        message: 'Invalid arguments for tool t: n is required',
      },
    });
    expect(next.calls).toHaveLength(0);
  });

  it('never quotes the caller token in its message', () => {
    const state = stateOf(tool, toolCall({ n: 1, [CANARY]: 1 }));
    state.credential = { method: 'oauth2', token: CANARY, claims: undefined };
    const out = validate.run(state, recordingNext());
    expect(JSON.stringify(out)).not.toContain(CANARY.slice(0, 12));
  });
});
