import { describe, expect, it } from 'vitest';
import { preparedTool, recordingNext, stateOf, toolCall } from '../../../test/engine.js';
import { CANARY } from '../../../test/fixtures.js';
import { refusedOutcome } from '../pipeline.js';
import { scrub, WITHHELD_RESULT_TEXT } from './scrub.js';

const tool = preparedTool(
  { name: 't', inputSchema: { type: 'object' }, requirement: { method: 'none' } },
  () => ({ content: [] }),
);
const withToken = () => {
  const state = stateOf(tool, toolCall({}));
  state.credential = { method: 'apiKey', token: CANARY, claims: undefined };
  return state;
};

describe('step scrub', () => {
  it('sends a clean result as it is (the same object)', () => {
    const result = { content: [{ type: 'text', text: 'fine' }] };
    const out = scrub.run(withToken(), recordingNext(result));
    expect(out).toEqual({ type: 'result', result });
    expect((out as { result: unknown }).result).toBe(result);
  });

  it('withholds a result that echoes the token, base64-encoded too', async () => {
    for (const text of [CANARY, Buffer.from(CANARY).toString('base64')]) {
      const out = await scrub.run(
        withToken(),
        recordingNext({ content: [{ type: 'text', text }] }),
      );
      expect(out).toEqual({
        type: 'result',
        result: { content: [{ type: 'text', text: WITHHELD_RESULT_TEXT }], isError: true },
      });
    }
  });

  it('waits for an asynchronous next and leaves refusals alone', async () => {
    const refusal = refusedOutcome({ kind: 'tool-error', message: 'no' }, 'invoke');
    expect(await scrub.run(withToken(), async () => refusal)).toBe(refusal);
  });

  it('does not search when the call carries no token', () => {
    const result = { content: [{ type: 'text', text: CANARY }] };
    expect(scrub.run(stateOf(tool, toolCall({})), recordingNext(result))).toEqual({
      type: 'result',
      result,
    });
  });
});
