import { ToolscopeError } from '@toolscope/core';
import type { VerificationFailure } from './types.js';

/** Codes of the local errors the server raises (never on the wire: those are `AUTH_ERROR_CODES`). */
export type ServerErrorCode =
  | 'CONFIG_INVALID'
  | 'VERIFIER_MISCONFIGURED'
  | 'UPSTREAM_ORIGIN_FORBIDDEN'
  | 'UPSTREAM_REJECTED'
  | 'TOKEN_REJECTED'
  | 'INTERNAL';

/** A local error of the server: a code of `ServerErrorCode`, a location and a hint. */
export class ServerError extends ToolscopeError<ServerErrorCode> {}

/**
 * A tool or connection token was rejected. `reason` is a short fixed phrase that
 * goes into error `data.reason`, so it never holds token material.
 */
export class TokenVerificationError extends ServerError {
  override readonly name = 'TokenVerificationError';
  readonly failure: VerificationFailure;
  readonly reason: string;

  constructor(reason: string, failure: VerificationFailure = 'invalid_token', cause?: unknown) {
    super('TOKEN_REJECTED', reason, cause === undefined ? {} : { cause });
    this.reason = reason;
    this.failure = failure;
  }
}

/** The provider's API answered 401 or 403 to the upstream fetch: the token is not good there. */
export class UpstreamRejectedError extends ServerError {
  override readonly name = 'UpstreamRejectedError';
  readonly status: number;
  /** The upstream's 403 challenge said `error="insufficient_scope"` (RFC 6750 §3.1). */
  readonly insufficientScope: boolean;

  constructor(status: number, insufficientScope = false) {
    super('UPSTREAM_REJECTED', `The upstream service answered HTTP ${status}.`);
    this.status = status;
    this.insufficientScope = insufficientScope;
  }
}
