/**
 * Middleware around a `tools/call` (tRPC-style). A call runs through named
 * steps — authorize, validate, scrub, invoke — and middleware an application
 * registers (`registerTools(..., { middleware })`) is placed among them:
 * `wraps: 'handler'` (the default) runs once the caller is authorized, so the
 * verified principal is known before `next()`; `wraps: 'call'` runs around the
 * whole call, authorization included, so it also sees refused calls (the
 * principal is filled in once `next()` has authorized the caller).
 *
 * A middleware never sees the caller's token: the principal carries the
 * verified claims and a key id (a SHA-256 fingerprint prefix), and the outcome
 * it observes is the one the scrub step already checked.
 */

import type { AuthErrorKind } from '@toolscope/core/runtime';
import { ServerError } from './errors.js';
import type { CallRefusal, Middleware, MiddlewareSpec } from './types.js';

// The middleware types live in types.ts with the registerTools options that
// take them (the public contract in one module).
export type {
  CallOutcome,
  CallPrincipal,
  CallRefusal,
  Middleware,
  MiddlewareContext,
  MiddlewarePlacement,
  MiddlewareSpec,
} from './types.js';

/**
 * Defines a middleware for `registerTools(..., { middleware: [...] })`, from a
 * function (run after authorization) or a spec with a name and a placement.
 */
export function defineMiddleware(spec: MiddlewareSpec | MiddlewareSpec['handle']): Middleware {
  const full: MiddlewareSpec = typeof spec === 'function' ? { handle: spec } : spec;
  if (typeof full.handle !== 'function') {
    throw new ServerError('CONFIG_INVALID', 'defineMiddleware needs a handle function.', {
      hint: 'defineMiddleware(async (ctx) => ctx.next()) or defineMiddleware({ name, handle }).',
    });
  }
  const wraps = full.wraps ?? 'handler';
  if (wraps !== 'call' && wraps !== 'handler') {
    throw new ServerError(
      'CONFIG_INVALID',
      `defineMiddleware: wraps must be "call" or "handler", got ${JSON.stringify(String(wraps))}.`,
    );
  }
  const name =
    full.name ?? (typeof spec === 'function' && spec.name !== '' ? spec.name : 'middleware');
  return Object.freeze({ name, wraps, handle: full.handle });
}

/** A -32001/-32003-style refusal, answered in the server's profile. */
export function denyCall(
  reason: string,
  error: Exclude<AuthErrorKind, 'missing_token'> = 'insufficient_scope',
): CallRefusal {
  return { kind: 'authorization', error, reason };
}

/** An `isError` result the model reads (a rate limit, a policy note). */
export function toolErrorRefusal(
  message: string,
  meta?: Readonly<Record<string, unknown>>,
): CallRefusal {
  return { kind: 'tool-error', message, ...(meta === undefined ? {} : { meta }) };
}

/** A JSON-RPC error of `code`. */
export function protocolRefusal(code: number, message: string, data?: unknown): CallRefusal {
  return { kind: 'protocol', code, message, ...(data === undefined ? {} : { data }) };
}
