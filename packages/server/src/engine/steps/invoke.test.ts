import { describe, expect, it } from 'vitest';
import { preparedTool, stateOf, toolCall } from '../../../test/engine.js';
import { CANARY } from '../../../test/fixtures.js';
import { UpstreamRejectedError } from '../../errors.js';
import { WireError } from '../wire-error.js';
import { invoke } from './invoke.js';

const definition = {
  name: 't',
  inputSchema: { type: 'object' as const },
  requirement: { method: 'none' as const },
};
const end = () => {
  throw new Error('invoke must not call next');
};
async function run(handler: (input: never, context: never) => unknown, outputSchema?: object) {
  const tool = preparedTool(
    outputSchema === undefined
      ? definition
      : { ...definition, outputSchema: outputSchema as never },
    handler,
  );
  const state = stateOf(tool, toolCall({ a: 1 }));
  state.credential = { method: 'none' };
  return invoke.run(state, end);
}

describe('step invoke', () => {
  it('hands the handler its arguments and a none context, and returns its result', async () => {
    let seen: unknown;
    const out = await run(((input: unknown, ctx: { method: string; token?: string }) => {
      seen = { input, method: ctx.method, token: ctx.token };
      return { content: [{ type: 'text', text: 'hi' }] };
    }) as never);
    expect(seen).toEqual({ input: { a: 1 }, method: 'none', token: undefined });
    expect(out).toEqual({ type: 'result', result: { content: [{ type: 'text', text: 'hi' }] } });
  });

  it('wraps structured output in text content once it matches outputSchema', async () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] };
    expect(await run(() => ({ ok: true }), schema)).toEqual({
      type: 'result',
      result: { content: [{ type: 'text', text: '{"ok":true}' }], structuredContent: { ok: true } },
    });
    expect(await run(() => ({ nope: 1 }), schema)).toMatchObject({
      type: 'refused',
      by: 'invoke',
      refusal: { kind: 'protocol', code: -32603 },
    });
  });

  it('turns a failing handler into a tool-error refusal, an upstream 401 into invalid_token', async () => {
    expect(
      await run(() => {
        throw new Error('boom');
      }),
    ).toEqual({ type: 'refused', by: 'invoke', refusal: { kind: 'tool-error', message: 'boom' } });
    expect(
      await run(() => {
        throw new UpstreamRejectedError(401);
      }),
    ).toMatchObject({ refusal: { kind: 'authorization', error: 'invalid_token' } });
    expect(
      await run(() => {
        throw new UpstreamRejectedError(403, true);
      }),
    ).toMatchObject({ refusal: { kind: 'authorization', error: 'insufficient_scope' } });
  });

  it('keeps the code of a protocol error the handler chose', async () => {
    expect(
      await run(() => {
        throw new WireError(-32042, 'custom', { x: CANARY });
      }),
    ).toEqual({
      type: 'refused',
      by: 'invoke',
      refusal: { kind: 'protocol', code: -32042, message: 'custom', data: { x: CANARY } },
    });
  });
});
