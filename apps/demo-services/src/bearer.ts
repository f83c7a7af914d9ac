import type { IncomingMessage } from 'node:http';
import { missingScopes, parseScopeString } from '@toolscope/core';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { ApiAnswer, Authenticate, Route } from './http-kit.js';

/** Who called an OAuth-protected API, from a verified access token. */
export interface TokenCaller {
  /** The end user (`sub`). */
  readonly user: string;
  readonly scopes: readonly string[];
}

/** Where this API's tokens come from and what audience they must carry. */
export interface BearerOptions {
  readonly issuer: string;
  readonly jwksUri: string;
  /** This API's resource identifier: tokens must name it in `aud`. */
  readonly audience: string;
}

function challenge(status: 401 | 403, error: string, scopes?: readonly string[]): ApiAnswer {
  const scope = scopes === undefined ? '' : `, scope="${scopes.join(' ')}"`;
  return {
    status,
    headers: { 'www-authenticate': `Bearer error="${error}"${scope}` },
    body: { error },
  };
}

/**
 * Checks the Bearer token of every request with jose: RS256 signature against
 * the issuer's JWKS, `typ` at+jwt, exact issuer, this API as audience, expiry,
 * then the route's scopes. 401 for a missing or bad token, 403 for a scope.
 */
export function bearerAuthentication(options: BearerOptions): Authenticate<TokenCaller> {
  const jwks = createRemoteJWKSet(new URL(options.jwksUri));
  return async (req: IncomingMessage, route: Route<TokenCaller>) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (match === null) return challenge(401, 'invalid_request');
    let claims: Record<string, unknown>;
    try {
      const verified = await jwtVerify(match[1]!, jwks, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['RS256'],
        typ: 'at+jwt',
        requiredClaims: ['exp', 'sub'],
        clockTolerance: 30,
      });
      claims = verified.payload;
    } catch {
      return challenge(401, 'invalid_token');
    }
    const scopes = typeof claims['scope'] === 'string' ? parseScopeString(claims['scope']) : [];
    const needed = route.scopes ?? [];
    if (missingScopes(needed, scopes).length > 0)
      return challenge(403, 'insufficient_scope', needed);
    return { caller: { user: String(claims['sub']), scopes } };
  };
}
