import { getEventListeners } from 'node:events';
import { Client as V2Client } from '@modelcontextprotocol/client';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { sendToolCall } from './call-target.js';
import {
  invokeTool,
  type SdkV1CallTarget,
  type SdkV2CallTarget,
  sdkLineOf,
  type ToolCallTarget,
} from './index.js';

const info = { name: 'line-test', version: '0.0.0' };
const params = { name: 't', arguments: {} };

describe('the SDK line of a call target', () => {
  it('is told from the real Client classes of both lines', () => {
    expect(sdkLineOf(new V1Client(info))).toBe('v1');
    expect(sdkLineOf(new V2Client(info))).toBe('v2');
  });

  it('is 1.x for a hand-written target with callTool only', () => {
    expect(sdkLineOf({ callTool: async () => ({ content: [] }) })).toBe('v1');
  });

  it('accepts both real Clients as a ToolCallTarget, and nothing without callTool', () => {
    expectTypeOf<V1Client>().toMatchTypeOf<ToolCallTarget>();
    expectTypeOf<V2Client>().toMatchTypeOf<ToolCallTarget>();
    expectTypeOf<V2Client>().toMatchTypeOf<SdkV2CallTarget>();
    // @ts-expect-error a 1.x Client has no getProtocolEra, so it is never taken for v2
    const v1AsV2: SdkV2CallTarget = new V1Client(info);
    expect(v1AsV2).toBeInstanceOf(V1Client);
    // @ts-expect-error a target must have callTool
    const none: ToolCallTarget = { listTools: async () => ({ tools: [] }) };
    expect(none).toBeDefined();
  });
});

describe('sendToolCall', () => {
  const options = { timeout: 1234 };

  it('puts the options third on 1.x, after an undefined result schema (fake target)', async () => {
    const seen: unknown[][] = [];
    const target: SdkV1CallTarget = {
      async callTool(...args) {
        seen.push(args);
        return { content: [] };
      },
    };
    await sendToolCall(target, params, options);
    expect(seen).toEqual([[params, undefined, options]]);
  });

  it('puts the options second on v2 (fake target)', async () => {
    const seen: unknown[][] = [];
    const target: SdkV2CallTarget = {
      async callTool(...args) {
        seen.push(args);
        return { content: [] };
      },
      getProtocolEra: () => 'legacy',
    };
    await sendToolCall(target, params, options);
    await invokeTool(target, { ...params, requirement: { method: 'none' } }, undefined, options);
    expect(seen).toEqual([
      [params, options],
      [params, options],
    ]);
  });

  it("gives each call its own signal, leaving no listener on the caller's (SDK 1.x never removes its own)", async () => {
    const perCall: AbortSignal[] = [];
    const target: SdkV1CallTarget = {
      async callTool(_params, _schema, callOptions) {
        // What SDK 1.x's Protocol.request does with the signal it is given.
        callOptions?.signal?.addEventListener('abort', () => undefined);
        if (callOptions?.signal !== undefined) perCall.push(callOptions.signal);
        return { content: [] };
      },
    };
    const shared = new AbortController();
    for (let i = 0; i < 20; i++) {
      await sendToolCall(target, params, { timeout: 5, signal: shared.signal });
    }
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
    expect(new Set(perCall).size).toBe(20);
    expect(perCall.some((s) => s === shared.signal)).toBe(false);
    shared.abort(new Error('stop'));
    expect(perCall.every((s) => s.aborted && (s.reason as Error).message === 'stop')).toBe(true);
  });
});
