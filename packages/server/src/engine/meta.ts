/** The request `_meta` key that carries the caller's credential (wire-protocol.md §2). */
const CALL_AUTHORIZATION_KEY = 'authorization';

/**
 * Request `_meta` without the caller's credential: what a handler may see of
 * it, and what a tool toolscope does not own receives. `undefined` stays
 * `undefined`; an object without `authorization` is returned as it is.
 */
export function withoutAuthorization(meta: unknown): Record<string, unknown> | undefined {
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return undefined;
  const record = meta as Record<string, unknown>;
  if (!Object.hasOwn(record, CALL_AUTHORIZATION_KEY)) return record;
  const { [CALL_AUTHORIZATION_KEY]: _dropped, ...rest } = record;
  return rest;
}
