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

import { type AuthErrorKind, type ToolRequirement, ToolscopeError } from '@toolscope/core/runtime';
import { ServerError } from './errors.js';
import type { VerifiedClaims } from './types.js';

/**
 * Why a call did not produce the tool's own result, as one typed value. The
 * engine turns it into the server's answer in one place (engine/answer.ts):
 * an authorization refusal becomes the profile's -32001/-32003 error, an
 * `isError` result with challenges, or SEP-2643's denial envelope.
 */
export type CallRefusal =
  | {
      /** A -32001/-32003 authorization refusal, answered in the server's profile. */
      readonly kind: 'authorization';
      readonly error: AuthErrorKind;
      /** A short fixed phrase; any piece of the caller's token is cut out of it. */
      readonly reason: string;
    }
  | {
      /** An `isError` tool result: the model reads `message` (rate limits, policy notes). */
      readonly kind: 'tool-error';
      readonly message: string;
      /** Extra `_meta` on the result (e.g. a retry hint); keys must not name credentials. */
      readonly meta?: Readonly<Record<string, unknown>> | undefined;
    }
  | {
      /** A JSON-RPC error with this code (e.g. -32602 invalid arguments). */
      readonly kind: 'protocol';
      readonly code: number;
      readonly message: string;
      readonly data?: unknown;
    };

/** What a call came to, as every step and middleware sees it on the way out. */
export type CallOutcome =
  | {
      readonly type: 'result';
      /** The CallToolResult (or input-required result) as it will be sent. */
      readonly result: Readonly<Record<string, unknown>>;
    }
  | {
      readonly type: 'refused';
      readonly refusal: CallRefusal;
      /** The step or middleware that refused: `authorize`, `validate`, `invoke`, or a middleware's name. */
      readonly by: string;
    };

/** The verified caller of a token-bearing tool, without the token. */
export interface CallPrincipal {
  readonly method: 'oauth2' | 'apiKey';
  /**
   * A stable, non-reversible id of the credential: the first 16 characters of
   * the base64url SHA-256 of the token. Use it to tell API keys apart in logs.
   */
  readonly keyId: string;
  /** `sub`, when a verifier (jwt, introspection, custom, connection) knows it. */
  readonly subject: string | undefined;
  readonly clientId: string | undefined;
  /** The token's scopes, when a verifier ran; undefined for opaque tokens. */
  readonly scopes: readonly string[] | undefined;
  /** Which verifier produced the claims; `opaque` when the token was only checked for presence. */
  readonly verifiedBy: VerifiedClaims['verifiedBy'] | 'opaque';
}

/** What a middleware gets for one call. */
export interface MiddlewareContext {
  readonly toolName: string;
  /** The tool's declared requirement (wire-protocol.md §1). */
  readonly requirement: ToolRequirement;
  /**
   * The verified caller; undefined for a `none` tool and, in `wraps: 'call'`
   * middleware, until `next()` has authorized the call (and after a refusal).
   */
  readonly principal: CallPrincipal | undefined;
  /** The call's arguments (not yet validated in `wraps: 'call'` middleware). */
  readonly arguments: Readonly<Record<string, unknown>>;
  readonly requestId: string | number;
  readonly sessionId: string | undefined;
  readonly signal: AbortSignal;
  /** Runs the rest of the call once and resolves with its outcome; a second call rejects. */
  next(): Promise<CallOutcome>;
  /** Ends the call here with `refusal` (return what it returns). */
  refuse(refusal: CallRefusal): CallOutcome;
}

/** Where a middleware sits in the call. */
export type MiddlewarePlacement = 'call' | 'handler';

/** One middleware, as `defineMiddleware` makes it. */
export interface Middleware {
  readonly name: string;
  readonly wraps: MiddlewarePlacement;
  readonly handle: (context: MiddlewareContext) => Promise<CallOutcome> | CallOutcome;
}

/** What `defineMiddleware` takes besides a bare function. */
export interface MiddlewareSpec {
  /** Shown as `by` when it refuses, and in logs. Default `middleware`. */
  readonly name?: string | undefined;
  /** Default `handler`: after authorization. `call`: around the whole call. */
  readonly wraps?: MiddlewarePlacement | undefined;
  readonly handle: (context: MiddlewareContext) => Promise<CallOutcome> | CallOutcome;
}

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
