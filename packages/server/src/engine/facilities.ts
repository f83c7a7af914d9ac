import { ServerError } from '../errors.js';
import type { InputRequiredSpec } from '../types.js';
import { InputRequiredSignal } from './input-required.js';

/** `requireInput` where the line or era serves it: the call ends with an input-required result. */
export function requireInputNow(spec: InputRequiredSpec): never {
  throw new InputRequiredSignal(spec);
}

/** `requireInput` on a line that cannot serve input-required results (SDK 1.x). */
export function requireInputUnsupported(_spec: InputRequiredSpec): never {
  throw new ServerError(
    'CONFIG_INVALID',
    'Input-required results need a server on @modelcontextprotocol/server v2.',
    { hint: 'On SDK 1.x, ask the client with ctx.mcp.request("elicitation/create", …) instead.' },
  );
}

/** The params of `notifications/progress`, or undefined when the client asked for no progress. */
export function progressParams(
  meta: unknown,
  progress: number,
  total: number | undefined,
  message: string | undefined,
): Record<string, unknown> | undefined {
  const token = (meta as { progressToken?: unknown } | undefined)?.progressToken;
  if (typeof token !== 'string' && typeof token !== 'number') return undefined;
  return {
    progressToken: token,
    progress,
    ...(total === undefined ? {} : { total }),
    ...(message === undefined ? {} : { message }),
  };
}
