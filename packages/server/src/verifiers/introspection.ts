import { AUTH_ERROR_REASONS, parseScopeString } from '@toolscope/core';
import { TokenVerificationError } from '../errors.js';
import type { VerifiedClaims } from '../types.js';

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
}

const LEEWAY_SECONDS = 30;

function audienceOf(aud: unknown): string[] {
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud)) return aud.filter((a): a is string => typeof a === 'string');
  return [];
}

/** Checks an introspection answer (WIRE.md §4); anything unexpected fails closed. */
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

/** Builds an introspection verifier that authenticates with client_secret_basic when it has a secret. */
export function createIntrospectionVerifier(
  settings: IntrospectionSettings,
): (token: string) => Promise<VerifiedClaims> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (settings.clientId !== undefined && settings.clientSecret !== undefined) {
    const basic = `${encodeURIComponent(settings.clientId)}:${encodeURIComponent(settings.clientSecret)}`;
    headers['authorization'] = `Basic ${Buffer.from(basic).toString('base64')}`;
  }
  return async (token) => {
    const body = new URLSearchParams({ token, token_type_hint: 'access_token' });
    if (settings.clientId !== undefined && settings.clientSecret === undefined) {
      body.set('client_id', settings.clientId);
    }
    let answer: unknown;
    try {
      const response = await fetch(settings.endpoint, {
        method: 'POST',
        headers,
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(settings.timeoutMs ?? 3000),
      });
      if (!response.ok) {
        // Release the connection now rather than when the unread body is collected.
        await response.body?.cancel().catch(() => undefined);
        throw new TokenVerificationError(AUTH_ERROR_REASONS.introspectionFailed);
      }
      answer = await response.json();
    } catch (error) {
      if (error instanceof TokenVerificationError) throw error;
      // Timeouts, network failures and non-JSON bodies all fail closed.
      throw new TokenVerificationError(AUTH_ERROR_REASONS.introspectionUnavailable);
    }
    return claimsFromIntrospection(answer, settings);
  };
}
