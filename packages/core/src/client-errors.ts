import { parseAuthErrorData } from './parse.js';
import type { AuthErrorData, AuthErrorKind } from './types.js';
import { AUTH_ERROR_CODES, AUTH_ERROR_FAMILY, META_AUTHORIZATION_ERROR_KEY } from './wire.js';

/** What the client knows about a failed call's requirement, from the error data. */
interface AuthorizationErrorInit {
  readonly code: number;
  readonly data: AuthErrorData;
}

/** Base of the typed authorization errors a client raises (never for the SDK's own timeout). */
export abstract class AuthorizationError extends Error {
  /** The JSON-RPC code the server used (configurable per server, so never branch on it). */
  readonly code: number;
  readonly tool: string;
  readonly kind: AuthErrorKind;
  readonly reason: string;
  /** Scopes the tool needs (empty for apiKey/none). */
  readonly requiredScopes: readonly string[];
  /** Provider id the token is for, when the tool names one. */
  readonly provider: string | undefined;
  readonly method: 'none' | 'oauth2' | 'apiKey';
  readonly data: AuthErrorData;

  constructor(message: string, init: AuthorizationErrorInit) {
    super(message);
    const { data } = init;
    this.code = init.code;
    this.data = data;
    this.tool = data.tool;
    this.kind = data.error;
    this.reason = data.reason;
    this.method = data.authorization.method;
    this.requiredScopes =
      data.authorization.method === 'oauth2' ? data.authorization.requiredScopes : [];
    this.provider =
      data.authorization.method === 'none' ? undefined : data.authorization.provider.id;
  }
}

/** The server said the call carried no token (`missing_token`, default code -32001). */
export class AuthorizationRequiredError extends AuthorizationError {
  override readonly name = 'AuthorizationRequiredError';
}

/** The server rejected the token: invalid, wrong method or missing a scope (default -32003). */
export class InsufficientAuthorizationError extends AuthorizationError {
  override readonly name = 'InsufficientAuthorizationError';
}

/**
 * Turns an error thrown by either SDK line (1.x `McpError`, v2 `ProtocolError`:
 * both carry the JSON-RPC `code` and `data`) into a typed authorization error
 * when, and only when, its data says it is one. The SDKs' own local errors never
 * qualify: 1.x times out with -32001 but `data: {timeout}`, v2's `SdkError` has a
 * string code.
 */
export function toAuthorizationError(error: unknown): AuthorizationError | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const e = error as { code?: unknown; data?: unknown };
  const data = parseAuthErrorData(e.data);
  if (data === undefined || typeof e.code !== 'number') return undefined;
  return fromData(e.code, data);
}

/**
 * Recognises a refusal in the `tool-result` profile (wire-protocol.md §3): an `isError`
 * result whose `_meta` carries the authorization error data. Its `code` is the
 * family's default, since that profile sends no JSON-RPC code.
 */
export function authorizationErrorFromResult(result: unknown): AuthorizationError | undefined {
  if (result === null || typeof result !== 'object') return undefined;
  const r = result as { isError?: unknown; _meta?: Record<string, unknown> };
  if (r.isError !== true || r._meta === null || typeof r._meta !== 'object') return undefined;
  const data = parseAuthErrorData(r._meta[META_AUTHORIZATION_ERROR_KEY]);
  if (data === undefined) return undefined;
  return fromData(AUTH_ERROR_CODES[AUTH_ERROR_FAMILY[data.error]], data);
}

function fromData(code: number, data: AuthErrorData): AuthorizationError {
  const message = `${data.tool}: ${data.reason}`;
  return data.error === 'missing_token'
    ? new AuthorizationRequiredError(message, { code, data })
    : new InsufficientAuthorizationError(message, { code, data });
}
