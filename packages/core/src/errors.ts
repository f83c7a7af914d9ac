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

/**
 * @deprecated Each package now owns the codes of its local errors and exports
 * them (`ManifestErrorCode`, `CodegenErrorCode`, `ServerErrorCode`,
 * `ClientErrorCode`, `ContractErrorCode`, `DocsSiteErrorCode`, `CliErrorCode`);
 * core raises none of its own and keeps the wire codes (`AUTH_ERROR_CODES`).
 * This is the union of every package's codes as of 0.x, kept for type
 * annotations that name it; it gains no new codes and goes in the next major.
 */
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

/** What a local error carries besides its code and message. */
export interface ToolscopeErrorOptions {
  readonly hint?: string;
  readonly location?: SourceLocation;
  readonly cause?: unknown;
}

/**
 * Base of every local toolscope error: a string code, a location and a hint. Never
 * crosses the wire. Generic over its code: each package subclasses it with its own
 * code union (`class ServerError extends ToolscopeError<ServerErrorCode>`), so a
 * package can only raise the codes it declares, while `instanceof ToolscopeError`
 * and `.code` checks keep working across packages.
 */
export class ToolscopeError<Code extends string = string> extends Error {
  override readonly name: string = 'ToolscopeError';
  readonly code: Code;
  readonly hint: string | undefined;
  readonly location: SourceLocation | undefined;

  constructor(code: Code, message: string, options: ToolscopeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.location = options.location;
  }
}

/**
 * Raised at run time by generated code whose tables or schema text no longer
 * hold what the generator wrote (its files were edited by hand).
 */
export class GeneratedCodeError extends ToolscopeError<'GENERATED_CODE_INVALID'> {
  override readonly name: string = 'GeneratedCodeError';
}
