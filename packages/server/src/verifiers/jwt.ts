import { AUTH_ERROR_REASONS, isCanonicalCompactJws, scopesFromClaims } from '@toolscope/core';
import { errors, type JWTPayload, jwtVerify } from 'jose';
import { ServerError, TokenVerificationError } from '../errors.js';
import type { VerifiedClaims } from '../types.js';
import { createRemoteKeySet, type RemoteKeySet } from './key-set.js';

/** Settings of a JWT access token verifier (wire-protocol.md §4). */
export interface JwtVerifierSettings {
  readonly jwksUri: string;
  readonly issuer: string;
  /** The audience the token must contain. */
  readonly audience: string;
  readonly algorithms: readonly string[];
  readonly typ?: string | undefined;
  readonly clockToleranceSeconds?: number | undefined;
  readonly jwksCooldownSeconds?: number | undefined;
  /** JWKS request timeout in ms. Default 5000. */
  readonly jwksTimeoutMs?: number | undefined;
}

/** Largest JWKS body read (a key set of a few dozen RSA keys is far below). */
const MAX_JWKS_BYTES = 256 * 1024;

const MAX_LEEWAY_SECONDS = 60;
const DEFAULT_LEEWAY_SECONDS = 30;

function misconfigured(message: string): ServerError {
  return new ServerError('VERIFIER_MISCONFIGURED', message, {
    hint: 'Allow only asymmetric algorithms such as RS256, PS256, ES256 or EdDSA.',
  });
}

/** Refuses `none` and HMAC: a public JWKS must never act as a shared secret. */
export function checkAlgorithms(algorithms: readonly string[]): void {
  if (algorithms.length === 0) throw misconfigured('A jwt verifier needs at least one algorithm.');
  for (const alg of algorithms) {
    if (alg.toLowerCase() === 'none' || /^HS\d+$/i.test(alg)) {
      throw misconfigured(`Algorithm "${alg}" is not allowed for access tokens.`);
    }
  }
}

function reasonFor(error: unknown): TokenVerificationError {
  // The key set's own refusals ("Key set unavailable") already say what failed.
  if (error instanceof TokenVerificationError) return error;
  if (error instanceof errors.JWTExpired)
    return new TokenVerificationError(AUTH_ERROR_REASONS.expired);
  if (error instanceof errors.JWTClaimValidationFailed) {
    const reasons: Record<string, string> = {
      aud: AUTH_ERROR_REASONS.audienceMismatch,
      iss: AUTH_ERROR_REASONS.issuerMismatch,
      exp: AUTH_ERROR_REASONS.noExpiry,
      nbf: AUTH_ERROR_REASONS.notYetValid,
      iat: AUTH_ERROR_REASONS.issuedInFuture,
      typ: AUTH_ERROR_REASONS.typeNotAccepted,
    };
    return new TokenVerificationError(reasons[error.claim] ?? AUTH_ERROR_REASONS.claimsInvalid);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new TokenVerificationError(AUTH_ERROR_REASONS.algorithmNotAllowed);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new TokenVerificationError(AUTH_ERROR_REASONS.signatureInvalid);
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new TokenVerificationError(AUTH_ERROR_REASONS.signingKeyUnknown);
  }
  // A JWKS outage or an unexpected failure fails closed like any rejection.
  if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
    return new TokenVerificationError(AUTH_ERROR_REASONS.unverifiable);
  }
  return new TokenVerificationError(AUTH_ERROR_REASONS.malformed);
}

/** Claims from a verified payload. */
export function claimsFromPayload(
  payload: JWTPayload,
  verifiedBy: VerifiedClaims['verifiedBy'],
): VerifiedClaims {
  const clientId = payload['client_id'] ?? payload['azp'];
  return {
    subject: payload.sub,
    scopes: scopesFromClaims(payload),
    expiresAt: payload.exp === undefined ? undefined : new Date(payload.exp * 1000),
    clientId: typeof clientId === 'string' ? clientId : undefined,
    verifiedBy,
  };
}

/**
 * The leeway for exp/nbf/iat: 0 to 60 s (wire-protocol.md §4). Anything else is a
 * configuration error, found when the verifier is built rather than on every call
 * (jose throws a TypeError for a negative tolerance).
 */
export function leewaySeconds(configured: number | undefined): number {
  if (configured === undefined) return DEFAULT_LEEWAY_SECONDS;
  if (!Number.isFinite(configured) || configured < 0 || configured > MAX_LEEWAY_SECONDS) {
    throw new ServerError(
      'VERIFIER_MISCONFIGURED',
      `clockToleranceMs must be between 0 and ${MAX_LEEWAY_SECONDS * 1000} (clockToleranceSeconds 0 to ${MAX_LEEWAY_SECONDS}), got ${configured * 1000} ms.`,
      { hint: 'Access tokens allow at most 60 s of clock skew (wire-protocol.md §4).' },
    );
  }
  return configured;
}

/** A JWT verifier, with its key set exposed so tests can count JWKS requests. */
export type JwtVerifier = ((token: string) => Promise<VerifiedClaims>) & {
  readonly keySet: RemoteKeySet;
};

/**
 * Builds a verifier of JWT access tokens against a remote JWKS. The token must
 * be a canonical compact JWS before anything is decoded (issue 11, class 1):
 * base64url decoders accept padding, whitespace and stray bits, so one token
 * would otherwise have many spellings.
 */
export function createJwtVerifier(
  settings: JwtVerifierSettings,
  verifiedBy: VerifiedClaims['verifiedBy'] = 'jwt',
): JwtVerifier {
  checkAlgorithms(settings.algorithms);
  const tolerance = leewaySeconds(settings.clockToleranceSeconds);
  let uri: URL;
  try {
    uri = new URL(settings.jwksUri);
  } catch (cause) {
    throw new ServerError('VERIFIER_MISCONFIGURED', 'jwksUri is not an absolute URL.', {
      cause,
      hint: 'Give the provider JWKS URL, e.g. https://issuer.example/.well-known/jwks.json.',
    });
  }
  const keySet = createRemoteKeySet({
    uri: uri.href,
    cooldownMs: (settings.jwksCooldownSeconds ?? 30) * 1000,
    maxAgeMs: 10 * 60 * 1000,
    timeoutMs: settings.jwksTimeoutMs ?? 5000,
    maxBytes: MAX_JWKS_BYTES,
  });
  const options = {
    issuer: settings.issuer,
    audience: settings.audience,
    algorithms: [...settings.algorithms],
    clockTolerance: tolerance,
    requiredClaims: ['exp'],
    ...(settings.typ === undefined ? {} : { typ: settings.typ }),
  };
  const verify = async (token: string): Promise<VerifiedClaims> => {
    if (!isCanonicalCompactJws(token)) {
      throw new TokenVerificationError(AUTH_ERROR_REASONS.notCanonical);
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keySet.getKey, options));
    } catch (error) {
      throw reasonFor(error);
    }
    // jose checks iat only together with maxTokenAge; a token from the future is refused here.
    if (payload.iat !== undefined && payload.iat > Date.now() / 1000 + tolerance) {
      throw new TokenVerificationError(AUTH_ERROR_REASONS.issuedInFuture);
    }
    return claimsFromPayload(payload, verifiedBy);
  };
  return Object.assign(verify, { keySet });
}
