import type { AuthErrorKind } from './types.js';

/** The `_meta` key that carries a tool's full requirement in `tools/list` (wire-protocol.md §1). */
export const META_AUTHORIZATION_KEY = 'io.toolscope/authorization';

/** The `_meta` key that Apps SDK style clients read security schemes from. */
export const META_SECURITY_SCHEMES_KEY = 'securitySchemes';

/**
 * The `_meta` key under which a tool-result profile refusal also carries the
 * wire-protocol.md §3 `data` object, so clients react to both profiles the same way.
 */
export const META_AUTHORIZATION_ERROR_KEY = 'io.toolscope/authorization-error';

/** The `_meta` key of the tool-result profile's challenges (wire-protocol.md §3). */
export const META_WWW_AUTHENTICATE_KEY = 'mcp/www_authenticate';

/** The reserved provider id for the MCP server's own authorization server (wire-protocol.md §5). */
export const SELF_PROVIDER_ID = 'self';

/** Every authorization method, in declaration order. */
export const AUTHORIZATION_METHODS = ['none', 'oauth2', 'apiKey'] as const;

/** The two wire error families (wire-protocol.md §3), tRPC style: a name mapped to its default code. */
export const AUTH_ERROR_CODES = {
  AUTHORIZATION_REQUIRED: -32001,
  TOKEN_INVALID_OR_INSUFFICIENT: -32003,
} as const;

/** Name of one of the two wire error families. */
export type AuthErrorFamily = keyof typeof AUTH_ERROR_CODES;

/** The fixed messages of the two families (wire-protocol.md §3). */
export const AUTH_ERROR_MESSAGES: Readonly<Record<AuthErrorFamily, string>> = {
  AUTHORIZATION_REQUIRED: 'Authorization required.',
  TOKEN_INVALID_OR_INSUFFICIENT: 'Token invalid or insufficient.',
};

/** Which family each `data.error` kind belongs to. */
export const AUTH_ERROR_FAMILY: Readonly<Record<AuthErrorKind, AuthErrorFamily>> = {
  missing_token: 'AUTHORIZATION_REQUIRED',
  invalid_token: 'TOKEN_INVALID_OR_INSUFFICIENT',
  insufficient_scope: 'TOKEN_INVALID_OR_INSUFFICIENT',
  method_mismatch: 'TOKEN_INVALID_OR_INSUFFICIENT',
};

/** Every `data.error` kind. */
export const AUTH_ERROR_KINDS = [
  'missing_token',
  'invalid_token',
  'insufficient_scope',
  'method_mismatch',
] as const satisfies readonly AuthErrorKind[];

/** Per-server override of the numeric codes; the proposal says the values may change. */
export interface AuthErrorCodes {
  readonly AUTHORIZATION_REQUIRED: number;
  readonly TOKEN_INVALID_OR_INSUFFICIENT: number;
}

/** MCP 2026-07-28 marks -32000..-32019 as a legacy range; codes inside it are still the default. */
export const LEGACY_ERROR_CODE_RANGE = { min: -32019, max: -32000 } as const;

/** True when a code lies in the range the 2026-07-28 revision calls legacy. */
export function isLegacyErrorCode(code: number): boolean {
  return code >= LEGACY_ERROR_CODE_RANGE.min && code <= LEGACY_ERROR_CODE_RANGE.max;
}
