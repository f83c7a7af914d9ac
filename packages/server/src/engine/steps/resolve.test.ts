import { describe, expect, it } from 'vitest';
import { preparedTool, toolCall } from '../../../test/engine.js';
import { resolveCall } from './resolve.js';

const tool = preparedTool(
  { name: 't', inputSchema: { type: 'object' }, requirement: { method: 'none' } },
  () => ({ content: [] }),
);

describe('step resolve', () => {
  it('starts a call with no credential and the given arguments', () => {
    const state = resolveCall(tool, toolCall({ a: 1 }));
    expect(state.tool).toBe(tool);
    expect(state.arguments).toEqual({ a: 1 });
    expect(state.credential).toBeUndefined();
  });

  it('treats a call without arguments as {}', () => {
    expect(resolveCall(tool, toolCall(undefined)).arguments).toEqual({});
  });
});
