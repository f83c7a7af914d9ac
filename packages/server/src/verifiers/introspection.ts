import { AUTH_ERROR_REASONS, parseScopeString } from '@toolscope/core';
import { TokenVerificationError } from '../errors.js';
import type { VerifiedClaims } from '../types.js';
import { BodyTooLargeError, discardBody, readCappedText } from './body.js';

/** Settings of an RFC 7662 introspection verifier. */
export interface IntrospectionSettings {
  readonly endpoint: string;
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
  /** Expected `iss` when the answer carries one. */
  readonly issuer?: string | undefined;
  /** The audience the token must contain (the provider's resource): required. */
  readonly audience: string;
  readonly timeoutMs?: number | undefined;
  /** How long a failing endpoint is left alone before it is asked again, in ms. Default 5000. */
  readonly failureCooldownMs?: number | undefined;
  /** Largest answer read, in bytes. Default 64 KiB. */
  readonly maxAnswerBytes?: number | undefined;
}

const LEEWAY_SECONDS = 30;
const DEFAULT_FAILURE_COOLDOWN_MS = 5000;
const DEFAULT_MAX_ANSWER_BYTES = 64 * 1024;

/**
 * `token_type` values that name an access token: RFC 6749 §7.1 types as RFC 7662
 * uses them, and the RFC 8693 identifier. Anything else (`refresh_token`,
 * `id_token`, …) is refused.
 */
const ACCESS_TOKEN_TYPES: readonly string[] = Object.freeze([
  'bearer',
  'dpop',
  'n_a',
  'access_token',
  'urn:ietf:params:oauth:token-type:access_token',
]);

/**
 * Statuses that are about the one token sent (a malformed or over-long
 * request), not about the endpoint: they refuse that call without putting the
 * endpoint on cooldown, so one caller cannot lock everyone else out.
 */
const PER_TOKEN_STATUSES: readonly number[] = Object.freeze([400, 413, 414, 431]);

function audienceOf(aud: unknown): string[] {
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud)) return aud.filter((a): a is string => typeof a === 'string');
  return [];
}

/** Checks an introspection answer (wire-protocol.md §4); anything unexpected fails closed. */
export function claimsFromIntrospection(
  answer: unknown,
  settings: IntrospectionSettings,
  now = Date.now(),
): VerifiedClaims {
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) {
    throw new TokenVerificationError(AUTH_ERROR_REASONS.introspectionMalformed);
  }
  const a = answer as Record<string, unknown>;
  if (a['active'] !== true) throw new TokenVerificationError(AUTH_ERROR_REASONS.inactive);
  const tokenType = a['token_type'];
  if (
    tokenType !== undefined &&
    (typeof tokenType !== 'string' || !ACCESS_TOKEN_TYPES.includes(tokenType.toLowerCase()))
  ) {
    throw new TokenVerificationError(AUTH_ERROR_REASONS.typeNotAccepted);
  }
  if (typeof a['exp'] !== 'number') throw new TokenVerificationError(AUTH_ERROR_REASONS.noExpiry);
  if (a['exp'] * 1000 + LEEWAY_SECONDS * 1000 <= now)
    throw new TokenVerificationError(AUTH_ERROR_REASONS.expired);
  if (settings.issuer !== undefined && a['iss'] !== undefined && a['iss'] !== settings.issuer) {
    throw new TokenVerificationError(AUTH_ERROR_REASONS.issuerMismatch);
  }
  if (typeof a['nbf'] === 'number' && a['nbf'] * 1000 - LEEWAY_SECONDS * 1000 > now) {
    throw new TokenVerificationError(AUTH_ERROR_REASONS.notYetValid);
  }
  if (!audienceOf(a['aud']).includes(settings.audience)) {
    throw new TokenVerificationError(AUTH_ERROR_REASONS.audienceMismatch);
  }
  const scope = a['scope'];
  const clientId = a['client_id'];
  return {
    subject: typeof a['sub'] === 'string' ? a['sub'] : undefined,
    scopes: typeof scope === 'string' ? parseScopeString(scope) : [],
    expiresAt: new Date(a['exp'] * 1000),
    clientId: typeof clientId === 'string' ? clientId : undefined,
    verifiedBy: 'introspection',
  };
}

/** An introspection verifier, with a request counter for tests and metrics. */
export type IntrospectionVerifier = ((token: string) => Promise<VerifiedClaims>) & {
  readonly requests: () => number;
};

/**
 * Builds an introspection verifier that authenticates with client_secret_basic
 * when it has a secret. Answers are read up to a size cap. An endpoint that
 * fails (5xx, 401/403, timeout, network error, garbage, oversize) is not asked
 * again until its cooldown has passed, however many calls arrive meanwhile
 * (issue 11, class 2); those calls are refused with "Introspection unavailable".
 */
export function createIntrospectionVerifier(
  settings: IntrospectionSettings,
): IntrospectionVerifier {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (settings.clientId !== undefined && settings.clientSecret !== undefined) {
    const basic = `${encodeURIComponent(settings.clientId)}:${encodeURIComponent(settings.clientSecret)}`;
    headers['authorization'] = `Basic ${Buffer.from(basic).toString('base64')}`;
  }
  const cooldownMs = settings.failureCooldownMs ?? DEFAULT_FAILURE_COOLDOWN_MS;
  const maxBytes = settings.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  // A small circuit breaker: after a failure, nothing is sent for the cooldown;
  // then one call probes the endpoint while the others are still refused.
  let failing = false;
  let failedAt = Number.NEGATIVE_INFINITY;
  let probing = false;
  let requests = 0;
  const endpointFailed = (reason: string): never => {
    failing = true;
    failedAt = Date.now();
    throw new TokenVerificationError(reason);
  };

  const introspect = async (token: string): Promise<VerifiedClaims> => {
    if (failing && (probing || Date.now() - failedAt < cooldownMs)) {
      throw new TokenVerificationError(AUTH_ERROR_REASONS.introspectionUnavailable);
    }
    const probe = failing;
    if (probe) probing = true;
    try {
      return await ask(token);
    } finally {
      if (probe) probing = false;
    }
  };

  const ask = async (token: string): Promise<VerifiedClaims> => {
    const body = new URLSearchParams({ token, token_type_hint: 'access_token' });
    if (settings.clientId !== undefined && settings.clientSecret === undefined) {
      body.set('client_id', settings.clientId);
    }
    let response: Response;
    requests++;
    try {
      response = await fetch(settings.endpoint, {
        method: 'POST',
        headers,
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(settings.timeoutMs ?? 3000),
      });
    } catch {
      // Timeouts and network failures fail closed and put the endpoint on cooldown.
      return endpointFailed(AUTH_ERROR_REASONS.introspectionUnavailable);
    }
    if (!response.ok) {
      // Release the connection now rather than when the unread body is collected.
      await discardBody(response);
      if (PER_TOKEN_STATUSES.includes(response.status)) {
        throw new TokenVerificationError(AUTH_ERROR_REASONS.introspectionFailed);
      }
      return endpointFailed(AUTH_ERROR_REASONS.introspectionUnavailable);
    }
    let answer: unknown;
    try {
      answer = JSON.parse(await readCappedText(response, maxBytes));
    } catch (error) {
      return endpointFailed(
        error instanceof BodyTooLargeError
          ? AUTH_ERROR_REASONS.introspectionTooLarge
          : AUTH_ERROR_REASONS.introspectionUnavailable,
      );
    }
    // The endpoint answered: whatever it says about this token, it is up again.
    failing = false;
    return claimsFromIntrospection(answer, settings);
  };
  return Object.assign(introspect, { requests: () => requests });
}
