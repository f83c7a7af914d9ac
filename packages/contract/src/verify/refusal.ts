/**
 * `toolscope verify --call-without-token`: every oauth2 and apiKey tool is
 * called without `_meta.authorization` and must refuse with `missing_token`,
 * as a JSON-RPC error (any code: codes are configurable per server) or as a
 * tool-result profile refusal (wire-protocol.md §3).
 */
import { META_AUTHORIZATION_ERROR_KEY, parseAuthErrorData } from '@toolscope/core';
import type { Diagnostic, ManifestIR } from '@toolscope/manifest';
import type { JsonObject } from '../schema/json.js';
import { isObject } from '../schema/json.js';
import type { CallOutcome, ServerConnection } from './connect.js';
import { sampleArguments } from './sample.js';

/** Why an outcome is not the declared refusal, or undefined when it is. */
export function refusalProblem(tool: string, outcome: CallOutcome): string | undefined {
  if (outcome.kind === 'error') {
    const data = parseAuthErrorData(outcome.data);
    if (data?.error === 'missing_token' && data.tool === tool) return undefined;
    return data
      ? `the server answered error ${outcome.code} with data.error "${data.error}" for "${data.tool}"`
      : `the server answered error ${outcome.code} without the authorization error data`;
  }
  const result = outcome.result;
  const meta = isObject(result._meta) ? result._meta : {};
  const data = parseAuthErrorData(meta[META_AUTHORIZATION_ERROR_KEY]);
  if (result.isError === true && data?.error === 'missing_token' && data.tool === tool) {
    return undefined;
  }
  // Never echo the result's content: it is the server's and may hold anything.
  return result.isError === true
    ? 'the server answered an error result without the authorization error data'
    : 'the server ran the tool and answered a normal result';
}

/** Calls each listed oauth2/apiKey tool without a token; reports every one that was not refused. */
export async function checkRefusals(
  ir: ManifestIR,
  connection: ServerConnection,
): Promise<Diagnostic[]> {
  const listed = new Set(connection.tools.map((t) => String(t.name)));
  const out: Diagnostic[] = [];
  for (const toolset of ir.toolsets) {
    for (const tool of toolset.tools) {
      if (tool.authorization.method === 'none' || !listed.has(tool.name)) continue;
      const args = sampleArguments(tool.inputSchema as JsonObject);
      const problem = refusalProblem(tool.name, await connection.callWithoutToken(tool.name, args));
      if (problem === undefined) continue;
      out.push({
        severity: 'error',
        code: 'VERIFY_REFUSAL_MISSING',
        message: `${tool.name} declares ${tool.authorization.method}, but called without a token ${problem}.`,
        hint: 'A tool that needs a token must refuse a call without one with -32001 missing_token (wire-protocol.md §3).',
        file: tool.source.file,
        line: tool.source.line,
        column: tool.source.column,
        pointer: `${tool.source.pointer}/authorization`,
      });
    }
  }
  return out;
}
