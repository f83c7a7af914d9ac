import { ToolscopeError } from '@toolscope/core';

/**
 * The JSON body of an upstream answer. 401/403 never get here (the upstream
 * fetch turns them into -32003); any other failure becomes a failed tool result.
 */
export async function upstreamJson<T>(response: Response): Promise<T> {
  if (!response.ok) {
    await response.body?.cancel();
    throw new ToolscopeError('INTERNAL', `The service answered HTTP ${response.status}.`);
  }
  return (await response.json()) as T;
}

/** A JSON request body for the upstream fetch. */
export function jsonBody(method: 'POST' | 'PATCH', body: unknown): RequestInit {
  return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
