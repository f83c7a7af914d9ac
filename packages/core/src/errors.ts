import { toErrorDeclaration } from './dialects.js';
import type { AuthErrorData, AuthErrorKind, ToolRequirement } from './types.js';
import {
  AUTH_ERROR_CODES,
  AUTH_ERROR_FAMILY,
  AUTH_ERROR_MESSAGES,
  type AuthErrorCodes,
  type AuthErrorFamily,
} from './wire.js';

/** A JSON-RPC error object for an authorization failure, ready to send. */
export interface AuthErrorPayload {
  readonly code: number;
  readonly message: string;
  readonly data: AuthErrorData;
}

/** Builds the single shape every authorization error takes on the wire (wire-protocol.md §3). */
export function buildAuthError(
  tool: string,
  requirement: ToolRequirement,
  kind: AuthErrorKind,
  reason: string,
  codes: AuthErrorCodes = AUTH_ERROR_CODES,
): AuthErrorPayload {
  const family: AuthErrorFamily = AUTH_ERROR_FAMILY[kind];
  return {
    code: codes[family],
    message: AUTH_ERROR_MESSAGES[family],
    data: { tool, error: kind, reason, authorization: toErrorDeclaration(requirement) },
  };
}

/** String codes of local (never on the wire) toolscope errors. */
export type ToolscopeErrorCode =
  | 'MANIFEST_INVALID'
  | 'MANIFEST_NOT_FOUND'
  | 'PROVIDER_UNKNOWN'
  | 'CONFIG_INVALID'
  | 'VERIFIER_MISCONFIGURED'
  | 'UPSTREAM_ORIGIN_FORBIDDEN'
  | 'UPSTREAM_REJECTED'
  | 'TOKEN_REJECTED'
  | 'METADATA_URL_FORBIDDEN'
  | 'OAUTH_FLOW_FAILED'
  | 'VAULT_DECRYPT_FAILED'
  | 'VAULT_KEY_MISSING'
  | 'VAULT_ROLLBACK'
  | 'CODEGEN_FAILED'
  | 'INTERNAL';

/** Where a local error came from, when it came from a file. */
export interface SourceLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly pointer?: string;
}

/** Base of every local toolscope error: a string code, a location and a hint. Never crosses the wire. */
export class ToolscopeError extends Error {
  override readonly name: string = 'ToolscopeError';
  readonly code: ToolscopeErrorCode;
  readonly hint: string | undefined;
  readonly location: SourceLocation | undefined;

  constructor(
    code: ToolscopeErrorCode,
    message: string,
    options: { hint?: string; location?: SourceLocation; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.location = options.location;
  }
}
