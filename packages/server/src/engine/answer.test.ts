import { AUTH_ERROR_CODES } from '@toolscope/core';
import { describe, expect, it } from 'vitest';
import { preparedTool } from '../../test/engine.js';
import { CANARY } from '../../test/fixtures.js';
import type { RegisterToolsOptions } from '../types.js';
import { answer, refusalAnswer } from './answer.js';
import { refusedOutcome, resultOutcome } from './pipeline.js';
import { WireError } from './wire-error.js';

const requirement = {
  method: 'oauth2' as const,
  requiredScopes: ['read'],
  provider: { id: 'p', issuer: 'https://issuer.example', resource: 'https://api.example' },
};
const toolIn = (options: RegisterToolsOptions = {}) =>
  preparedTool({ name: 't', inputSchema: { type: 'object' }, requirement }, () => ({}), options);
const denied = { kind: 'authorization', error: 'insufficient_scope', reason: 'Not today' } as const;

describe('answer: one refusal value, one place that turns it into the profile answer', () => {
  it('jsonrpc: an authorization refusal is thrown as -32003 with the wire data', () => {
    const out = refusalAnswer(toolIn(), denied, undefined);
    expect(out.type).toBe('error');
    const error = (out as { error: WireError }).error;
    expect(error.code).toBe(AUTH_ERROR_CODES.TOKEN_INVALID_OR_INSUFFICIENT);
    expect(error.data).toMatchObject({
      tool: 't',
      error: 'insufficient_scope',
      reason: 'Not today',
    });
    expect(() => answer(toolIn(), refusedOutcome(denied, 'x'), undefined)).toThrow(WireError);
  });

  it('tool-result and denial: the same refusal is returned as an isError result', () => {
    for (const profile of ['tool-result', 'denial'] as const) {
      const result = answer(toolIn({ profile }), refusedOutcome(denied, 'x'), undefined);
      expect(result).toMatchObject({ isError: true });
      const meta = (result as { _meta: Record<string, unknown> })._meta;
      expect(meta['io.toolscope/authorization-error']).toMatchObject({
        error: 'insufficient_scope',
      });
      expect('io.modelcontextprotocol/authorization' in meta).toBe(profile === 'denial');
    }
  });

  it('a tool error is a result in every profile; a protocol refusal is always thrown', () => {
    for (const profile of ['jsonrpc', 'tool-result', 'denial'] as const) {
      const tool = toolIn({ profile });
      expect(
        answer(
          tool,
          refusedOutcome(
            { kind: 'tool-error', message: 'slow down', meta: { retryAfterMs: 10 } },
            'x',
          ),
          undefined,
        ),
      ).toEqual({
        content: [{ type: 'text', text: 'slow down' }],
        isError: true,
        _meta: { retryAfterMs: 10 },
      });
      expect(() =>
        answer(
          tool,
          refusedOutcome({ kind: 'protocol', code: -32602, message: 'bad' }, 'x'),
          undefined,
        ),
      ).toThrow(expect.objectContaining({ code: -32602, message: 'bad' }));
    }
  });

  it('cuts the caller token out of every text and data it sends, whoever wrote them', () => {
    const tool = toolIn({ profile: 'tool-result' });
    const texts = [
      JSON.stringify(
        answer(tool, refusedOutcome({ kind: 'tool-error', message: `x ${CANARY}` }, 'x'), CANARY),
      ),
      JSON.stringify(
        answer(tool, refusedOutcome({ ...denied, reason: `r ${CANARY}` }, 'x'), CANARY),
      ),
    ];
    try {
      answer(
        tool,
        refusedOutcome(
          { kind: 'protocol', code: 1, message: CANARY, data: { [CANARY]: CANARY } },
          'x',
        ),
        CANARY,
      );
    } catch (error) {
      texts.push(JSON.stringify({ m: (error as Error).message, d: (error as WireError).data }));
    }
    expect(texts).toHaveLength(3);
    for (const text of texts) expect(text).not.toContain(CANARY.slice(0, 10));
  });

  it('a result outcome is returned as it is', () => {
    const result = { content: [] };
    expect(answer(toolIn(), resultOutcome(result), undefined)).toBe(result);
  });
});
