import {
  type AuthErrorCodes,
  type AuthErrorKind,
  type AuthErrorPayload,
  buildAuthError,
  META_AUTHORIZATION_ERROR_KEY,
  META_WWW_AUTHENTICATE_KEY,
  type ToolRequirement,
} from '@toolscope/core';
import { denialEnvelope, META_DENIAL_KEY } from './denial.js';
import { WireError } from './engine/wire-error.js';
import type { ErrorProfile } from './types.js';

/** Why a call was refused before its handler ran (or when the upstream said no). */
export interface AuthFailure {
  readonly kind: AuthErrorKind;
  /** A fixed phrase; never token material. */
  readonly reason: string;
}

/**
 * An authorization error (wire-protocol.md §3) as it goes on the wire: its code, its
 * exact message and its `data`, on either SDK line.
 */
export class ToolAuthorizationError extends WireError {
  override readonly name = 'ToolAuthorizationError';
  constructor(payload: AuthErrorPayload) {
    super(payload.code, payload.message, payload.data);
  }
}

function quoted(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** An RFC 6750 challenge for a refused call, as the tool-result profile and HTTP 401/403 carry it. */
export function bearerChallenge(
  kind: AuthErrorKind | 'connection_missing',
  scopes: readonly string[] | undefined,
  resourceMetadataUrl: string | undefined,
): string {
  const params: string[] = [];
  if (kind === 'insufficient_scope') params.push(`error="insufficient_scope"`);
  else if (kind === 'invalid_token' || kind === 'method_mismatch')
    params.push(`error="invalid_token"`);
  if (scopes !== undefined && scopes.length > 0 && kind !== 'invalid_token') {
    params.push(`scope=${quoted(scopes.join(' '))}`);
  }
  if (resourceMetadataUrl !== undefined)
    params.push(`resource_metadata=${quoted(resourceMetadataUrl)}`);
  return params.length === 0 ? 'Bearer' : `Bearer ${params.join(', ')}`;
}

/** Settings that shape how a refusal is answered. */
export interface RefusalSettings {
  readonly profile: ErrorProfile;
  readonly codes: AuthErrorCodes | undefined;
  readonly resourceMetadataUrl: string | undefined;
}

/** A CallToolResult for the tool-result profile. */
export interface RefusalResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  isError: true;
  _meta: Record<string, unknown>;
}

/**
 * An authorization refusal in the server's profile, as a value: the JSON-RPC
 * error for `jsonrpc`; an `isError` result for `tool-result` (with challenges)
 * and `denial` (SEP-2643's envelope, draft). Every result also carries the wire
 * protocol's §3 `data`, so one client reaction serves all three. Only the
 * engine's answer step (engine/answer.ts) throws the error.
 */
export function authorizationAnswer(
  tool: string,
  requirement: ToolRequirement,
  failure: AuthFailure,
  settings: RefusalSettings,
):
  | { readonly type: 'error'; readonly error: ToolAuthorizationError }
  | { readonly type: 'result'; readonly result: RefusalResult } {
  const payload = buildAuthError(tool, requirement, failure.kind, failure.reason, settings.codes);
  if (settings.profile === 'jsonrpc')
    return { type: 'error', error: new ToolAuthorizationError(payload) };
  const scopes = requirement.method === 'oauth2' ? requirement.requiredScopes : undefined;
  return {
    type: 'result',
    result: {
      content: [{ type: 'text', text: `${payload.message} ${failure.reason}.` }],
      isError: true,
      _meta: {
        [META_WWW_AUTHENTICATE_KEY]: [
          bearerChallenge(failure.kind, scopes, settings.resourceMetadataUrl),
        ],
        ...(settings.profile === 'denial'
          ? { [META_DENIAL_KEY]: denialEnvelope(payload, requirement) }
          : {}),
        // The same data as the jsonrpc profile's error, so one client reaction serves every profile.
        [META_AUTHORIZATION_ERROR_KEY]: payload.data,
      },
    },
  };
}
