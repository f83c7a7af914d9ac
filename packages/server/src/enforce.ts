import {
  AUTH_ERROR_REASONS,
  missingScopes,
  readCallAuthorization,
  type TokenFormProblem,
  type ToolRequirement,
} from '@toolscope/core';
import { TokenVerificationError } from './errors.js';
import type { TokenFacts } from './exposure.js';
import type { AuthFailure } from './profiles.js';
import { redactToken } from './redact.js';
import type { VerifiedClaims } from './types.js';
import {
  SPELLING_CHECKED,
  type ToolTokenVerifier,
  type VerifierHalves,
  verifierHalves,
} from './verifiers/index.js';

/** The caller's credential once the checks passed. */
export type CallCredential =
  | { readonly method: 'none' }
  | {
      readonly method: 'oauth2' | 'apiKey';
      readonly token: string;
      readonly claims: VerifiedClaims | undefined;
    };

/** The connection token the HTTP layer already verified (spec-native mode), as the SDK hands it on. */
export interface ConnectionAuth {
  readonly token: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly expiresAt?: number | undefined;
  /** The MCP server's canonical URI the token was issued for. */
  readonly resource?: URL | undefined;
  readonly extra?: Record<string, unknown> | undefined;
}

/** What enforcement needs to know about one tool. */
export interface EnforcedTool {
  readonly name: string;
  readonly requirement: ToolRequirement;
  /** Absent for opaque providers: presence and method are all that is checked. */
  readonly verifier: ToolTokenVerifier | undefined;
  /** Provider `self`: a verified connection token stands in for `_meta.authorization`. */
  readonly isSelf: boolean;
  /**
   * The runtime's per-token facts (spelling verdict, cache-key fingerprint), so a
   * repeated token is checked and hashed once; absent, both are worked out per call.
   */
  readonly tokenFacts?: ((token: string) => TokenFacts) | undefined;
  /** `tokenFormProblem` answered from `tokenFacts` (absent: checked per call). */
  readonly formProblem?: ((token: string) => TokenFormProblem | undefined) | undefined;
}

function fromConnection(auth: ConnectionAuth): VerifiedClaims {
  const subject = auth.extra?.['subject'];
  return {
    subject: typeof subject === 'string' ? subject : undefined,
    scopes: auth.scopes,
    expiresAt: auth.expiresAt === undefined ? undefined : new Date(auth.expiresAt * 1000),
    clientId: auth.clientId,
    verifiedBy: 'connection',
  };
}

/** How the call arrived: over HTTP a `self` tool takes only the connection token. */
export interface CallTransport {
  readonly connection: ConnectionAuth | undefined;
  /** True when the request came over an HTTP transport (the SDK sets `requestInfo` then). */
  readonly overHttp: boolean;
}

/** The outcome of a check: synchronous unless a verifier had to run. */
export type AuthorizationOutcome =
  | CallCredential
  | AuthFailure
  | Promise<CallCredential | AuthFailure>;

/**
 * Checks one call against its tool's requirement (wire-protocol.md §2–4) before the handler
 * runs. Yields the credential or an `AuthFailure`, synchronously unless a verifier
 * runs; never throws for a bad token.
 */
export function authorizeCall(
  tool: EnforcedTool,
  meta: unknown,
  { connection, overHttp }: CallTransport,
  signal: AbortSignal,
): AuthorizationOutcome {
  const { requirement } = tool;
  // A `none` tool's handler never sees a token, whatever the client sent (wire-protocol.md §2).
  if (requirement.method === 'none') return { method: 'none' };

  if (tool.isSelf && connection !== undefined) {
    return checkScopes(requirement, connection.token, fromConnection(connection));
  }
  if (tool.isSelf && overHttp) {
    // wire-protocol.md §5: `_meta.authorization` stands in for the header on stdio only.
    return { kind: 'missing_token', reason: AUTH_ERROR_REASONS.connectionTokenRequired };
  }
  // The spelling verdict comes from the runtime's facts of the token when it keeps them.
  const reading = readCallAuthorization(meta, tool.formProblem);
  if (reading.kind === 'absent') return MISSING_TOKEN;
  // One token, one spelling (issue 11, class 1): refused before any verifier or cache sees it.
  if (reading.kind === 'noncanonical') return NOT_CANONICAL;
  // A token without a string method, or with another method (wire-protocol.md §3: -32003).
  // The sent method is client input: it is compared, never echoed.
  if (reading.kind === 'malformed' || reading.method !== requirement.method) {
    return methodMismatch(requirement.method);
  }
  const { token } = reading;
  const verifier = tool.verifier;
  if (verifier === undefined) return checkScopes(requirement, token, undefined);
  // The entry the spelling check just found (the cache's most recent one): its
  // fingerprint keys the verified-result cache.
  const facts = tool.tokenFacts?.(token);
  // A token verified before and still valid is answered from the cache without a promise:
  // the same look-up and expiry checks the verifier makes first (the spelling was checked above).
  const halves = verifierHalves(verifier);
  if (halves === undefined) return verifyThenCheck(tool, requirement, token, signal, undefined);
  const now = Date.now();
  const cached = halves.cached(token, tool.name, now, facts);
  if (cached !== undefined) return checkScopes(requirement, token, cached);
  return verifyThenCheck(tool, requirement, token, signal, { halves, now, facts });
}

const MISSING_TOKEN: AuthFailure = Object.freeze({
  kind: 'missing_token',
  reason: AUTH_ERROR_REASONS.missingToken,
});
const NOT_CANONICAL: AuthFailure = Object.freeze({
  kind: 'invalid_token',
  reason: AUTH_ERROR_REASONS.notCanonical,
});

function methodMismatch(expected: 'oauth2' | 'apiKey'): AuthFailure {
  return { kind: 'method_mismatch', reason: AUTH_ERROR_REASONS.methodMismatch(expected) };
}

async function verifyThenCheck(
  tool: EnforcedTool,
  requirement: Exclude<ToolRequirement, { method: 'none' }>,
  token: string,
  signal: AbortSignal,
  missed:
    | {
        readonly halves: VerifierHalves;
        readonly now: number;
        readonly facts: TokenFacts | undefined;
      }
    | undefined,
): Promise<CallCredential | AuthFailure> {
  let claims: VerifiedClaims | undefined;
  try {
    // authorizeCall refused every non-canonical spelling already.
    const context = { tool: tool.name, signal, [SPELLING_CHECKED]: true };
    claims =
      missed === undefined
        ? await tool.verifier?.(token, context)
        : await missed.halves.miss(token, context, missed.now, missed.facts);
  } catch (error) {
    if (error instanceof TokenVerificationError)
      return { kind: error.failure, reason: redactToken(error.reason, token) };
    return { kind: 'invalid_token', reason: AUTH_ERROR_REASONS.unverifiable };
  }
  return checkScopes(requirement, token, claims);
}

function checkScopes(
  requirement: Exclude<ToolRequirement, { method: 'none' }>,
  token: string,
  claims: VerifiedClaims | undefined,
): CallCredential | AuthFailure {
  // Every required scope granted, checked without building a set per call; the missing
  // ones are listed (by missingScopes, the same exact match) only for a refusal.
  if (
    requirement.method === 'oauth2' &&
    claims !== undefined &&
    !grantsAll(requirement.requiredScopes, claims.scopes)
  ) {
    const missing = missingScopes(requirement.requiredScopes, claims.scopes);
    if (missing.length > 0) {
      return { kind: 'insufficient_scope', reason: AUTH_ERROR_REASONS.missingScopes(missing) };
    }
  }
  return { method: requirement.method, token, claims };
}

/** True when `granted` holds every scope of `required`, by exact case-sensitive match. */
function grantsAll(required: readonly string[], granted: readonly string[]): boolean {
  if (!Array.isArray(granted)) return missingScopes(required, granted).length === 0;
  for (const scope of required) if (!granted.includes(scope)) return false;
  return true;
}

/** Narrows an `authorizeCall` outcome to a failure. */
export function isAuthFailure(outcome: CallCredential | AuthFailure): outcome is AuthFailure {
  return 'kind' in outcome;
}
