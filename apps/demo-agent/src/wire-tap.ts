import type { ToolCallTarget } from '@toolscope/core';
import { fingerprint, type SecretRecorder } from './secrets.js';
import type { Transcript } from './transcript.js';

/** Says in a few words what a tool result holds. */
export type ResultSummary = (structured: Record<string, unknown>) => string;

function label(item: unknown): string {
  if (item === null || typeof item !== 'object') return String(item);
  const o = item as Record<string, unknown>;
  const name = o['topic'] ?? o['title'] ?? o['name'];
  const id = o['id'];
  if (typeof name === 'string') return id === undefined ? name : `${String(id)} "${name}"`;
  return typeof id === 'string'
    ? `${id}${o['status'] === undefined ? '' : ` (${String(o['status'])})`}`
    : '…';
}

/** A short summary of structured output: list sizes and item names, objects by id. */
export const summarizeResult: ResultSummary = (structured) =>
  Object.entries(structured)
    .map(([key, value]) => {
      if (Array.isArray(value)) return `${value.length} ${key}: ${value.map(label).join(', ')}`;
      if (value !== null && typeof value === 'object') return `${key} ${label(value)}`;
      return `${key}=${String(value)}`;
    })
    .join('; ');

function describeCredential(meta: Record<string, unknown> | undefined): string {
  const auth = meta?.['authorization'] as { method?: string; token?: string } | undefined;
  if (auth?.token === undefined) return 'no token';
  return `${auth.method} ${fingerprint(auth.token)}`;
}

/**
 * A call target that shows one user's calls on the wire: which tool, which
 * credential (by fingerprint only), and what came back, including the
 * JSON-RPC error code and `data.error`. It records each secret it forwards.
 */
export function tapCalls(
  inner: ToolCallTarget,
  user: string,
  transcript: Transcript,
  secrets: SecretRecorder,
  summarize: ResultSummary = summarizeResult,
): ToolCallTarget {
  return {
    async callTool(params, resultSchema, options) {
      const auth = params._meta?.['authorization'] as { token?: string } | undefined;
      secrets.record(auth?.token);
      transcript.say(user, `→ ${params.name} (${describeCredential(params._meta)})`);
      try {
        const result = (await inner.callTool(params, resultSchema, options)) as {
          structuredContent?: Record<string, unknown>;
          isError?: boolean;
          content?: { text?: string }[];
        };
        const text =
          result.isError === true
            ? `tool error: ${result.content?.[0]?.text ?? ''}`
            : summarize(result.structuredContent ?? {});
        transcript.say(user, `← ${params.name}: ${text}`);
        return result;
      } catch (error) {
        const e = error as { code?: unknown; data?: { error?: string; reason?: string } };
        const kind = e.data?.error ?? 'not an authorization error';
        transcript.say(
          user,
          `← ${params.name}: JSON-RPC error ${String(e.code)}, data.error=${kind} (${e.data?.reason ?? ''})`,
        );
        throw error;
      }
    },
  };
}
