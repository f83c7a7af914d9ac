import { ToolscopeError } from '@toolscope/core';
import { findTokenExposure } from './exposure.js';
import { scrubCredentials } from './redact.js';

/*
 * Pure helpers for the HTTP layer (issue 11, classes 5 and 8, and the
 * "also observed" items): the lead wires them into http.ts and register.ts.
 */

interface RequestLike {
  readonly method?: unknown;
  readonly params?: unknown;
}

/**
 * A `tools/call` request without `params._meta.authorization`, for a tool that
 * toolscope does not own (a plain SDK tool on the same server never asked for
 * the user's token). Other `_meta` keys stay; the input is not changed; a
 * request with nothing to remove is returned as it is.
 */
export function stripAuthorizationMeta<R extends RequestLike>(request: R): R {
  if (request.method !== 'tools/call') return request;
  const params = request.params;
  if (params === null || typeof params !== 'object') return request;
  const meta = (params as { _meta?: unknown })._meta;
  if (meta === null || typeof meta !== 'object' || !Object.hasOwn(meta, 'authorization')) {
    return request;
  }
  const { authorization: _dropped, ...rest } = meta as Record<string, unknown>;
  const { _meta: _old, ...otherParams } = params as Record<string, unknown>;
  const nextParams = Object.keys(rest).length === 0 ? otherParams : { ...otherParams, _meta: rest };
  return { ...request, params: nextParams };
}

/**
 * `stripAuthorizationMeta` for a request and its SDK handler `extra` together:
 * the SDK copies `params._meta` into `extra._meta` before any handler runs, so
 * a tool that toolscope does not own would still see the token there.
 */
export function stripCallAuthorization<R extends RequestLike, E extends { _meta?: unknown }>(
  request: R,
  extra: E,
): { request: R; extra: E } {
  const stripped = stripAuthorizationMeta(request);
  if (stripped === request) return { request, extra };
  const meta = (stripped.params as { _meta?: unknown } | undefined)?._meta;
  const { _meta: _old, ...rest } = extra;
  return { request: stripped, extra: (meta === undefined ? rest : { ...rest, _meta: meta }) as E };
}

/** What a -32602 message says instead when the original would quote the caller's token. */
export const WITHHELD_ARGUMENT_MESSAGE =
  'Invalid arguments: a value or key could not be shown because it matches the caller credential.';

/**
 * A -32602 message that never echoes the call's token: schema errors name
 * argument keys and sometimes values, and a caller may put its token in one.
 * If the message carries the token in any form `findTokenExposure` knows, a
 * fixed message is returned instead.
 */
export function safeArgumentError(message: string, token: string | undefined): string {
  if (token === undefined || token.length === 0) return scrubCredentials(message);
  if (findTokenExposure(message, token) !== undefined) return WITHHELD_ARGUMENT_MESSAGE;
  return scrubCredentials(message);
}

/** An SDK error passed on with credentials cut from its name, message and stack. */
export class RedactedTransportError extends ToolscopeError {
  override readonly name: string;

  constructor(original: unknown) {
    const error = original instanceof Error ? original : undefined;
    super('INTERNAL', scrubCredentials(error?.message ?? String(original)));
    this.name = scrubCredentials(error?.name ?? 'Error');
    // The new error's own stack starts with the scrubbed message; the original's is scrubbed too.
    if (error?.stack !== undefined) this.stack = scrubCredentials(error.stack);
  }
}

/**
 * Wraps an SDK `onerror` callback (Server, Protocol or a transport): the SDK
 * hands it whole messages ("Invalid message: {…}") that may quote a token in
 * `_meta.authorization` or an Authorization header. The callback receives a
 * `RedactedTransportError` instead; the original and its `cause` never reach it.
 */
export function redactingErrorHandler(
  handler: ((error: Error) => void) | undefined,
): (error: Error) => void {
  return (error) => {
    if (handler === undefined) return;
    handler(new RedactedTransportError(error));
  };
}
