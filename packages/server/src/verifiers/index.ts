import { AUTH_ERROR_REASONS, tokenFormProblem } from '@toolscope/core';
import { ServerError, TokenVerificationError } from '../errors.js';
import type { TokenFacts } from '../exposure.js';
import { redactToken } from '../redact.js';
import type { ToolTokenVerifier, VerifiedClaims, VerifierConfig } from '../types.js';
import { tokenFingerprint, VerifiedTokenCache } from './cache.js';
import { createIntrospectionVerifier } from './introspection.js';
import { createJwtVerifier } from './jwt.js';

/** What a verifier is checked against: the provider's public facts. */
export interface VerifierTarget {
  readonly providerId: string;
  readonly issuer?: string | undefined;
  /** The audience tokens must contain (the provider's resource, or the MCP server's URI). */
  readonly audience?: string | undefined;
}

export type { ToolTokenVerifier } from '../types.js';

/**
 * Set (to true) in the context by enforcement when the token came through
 * `readCallAuthorization`, which has already refused every non-canonical
 * spelling: the verifier then does not check the spelling a second time.
 * Not exported from the package: any other caller gets the check.
 */
export const SPELLING_CHECKED: unique symbol = Symbol('toolscope.spellingChecked');

/**
 * The two halves of a verifier that `createToolTokenVerifier` built, for
 * enforcement only (not exported from the package): `cached` is the
 * verified-result cache look-up, synchronous, with the same expiry checks the
 * verifier makes on a hit; `miss` is the rest of the verifier after a miss
 * (verify, then cache). Enforcement answers a cache hit without a promise;
 * calling the verifier itself does exactly `cached`, then `miss`.
 */
export const VERIFIER_HALVES: unique symbol = Symbol('toolscope.verifierHalves');

export interface VerifierHalves {
  /**
   * Claims of a token verified before and not yet expired; undefined on a miss.
   * `facts`, when given, are the runtime's facts of this same token: their
   * fingerprint is the cache key of a verifier without a partition, so a repeated
   * token is not hashed again.
   */
  cached(
    token: string,
    tool: string,
    now: number,
    facts?: TokenFacts | undefined,
  ): VerifiedClaims | undefined;
  /** Verifies a token `cached` missed, and caches the result. */
  miss(
    token: string,
    context: { readonly tool: string; readonly signal?: AbortSignal },
    now: number,
    facts?: TokenFacts | undefined,
  ): Promise<VerifiedClaims>;
}

/** The halves of a verifier, when this copy of the package built it. */
export function verifierHalves(verifier: ToolTokenVerifier): VerifierHalves | undefined {
  return (verifier as { [VERIFIER_HALVES]?: VerifierHalves })[VERIFIER_HALVES];
}

const DEFAULT_TTL_SECONDS = 60;

function seconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / 1000;
}
const JWT_CACHE_CAP_SECONDS = 300;

/**
 * What a custom verifier's decision depends on, so that its cached result is
 * reused only where the same decision would be made (issue 11, class 3):
 * `'tool'` (the default, since the verifier is given `context.tool`) caches per
 * tool and token; `'token'` declares that the tool never changes the answer.
 */
export type CustomVerifierDependsOn = 'tool' | 'token';

/** The custom verifier config with the cache declaration (to be folded into `VerifierConfig`). */
export type CustomVerifierConfig = Extract<VerifierConfig, { kind: 'custom' }> & {
  readonly dependsOn?: CustomVerifierDependsOn | undefined;
};

function dependsOnOf(config: CustomVerifierConfig, providerId: string): CustomVerifierDependsOn {
  const declared: unknown = config.dependsOn;
  if (declared === undefined || declared === 'tool') return 'tool';
  if (declared === 'token') return 'token';
  throw new ServerError(
    'VERIFIER_MISCONFIGURED',
    `The custom verifier of provider "${providerId}" has dependsOn ${JSON.stringify(String(declared))}.`,
    { hint: "Use dependsOn: 'tool' (the default) or 'token'." },
  );
}

/**
 * Claims as a custom verifier returned them, checked before they are trusted
 * or cached: scopes must be strings, and an expiry must be a real date in the future.
 */
function checkedClaims(claims: unknown, now: number): VerifiedClaims {
  if (claims === null || typeof claims !== 'object') {
    throw new TokenVerificationError(AUTH_ERROR_REASONS.claimsInvalid);
  }
  const c = claims as Partial<Record<keyof VerifiedClaims, unknown>>;
  if (!Array.isArray(c.scopes) || !c.scopes.every((s) => typeof s === 'string')) {
    throw new TokenVerificationError(AUTH_ERROR_REASONS.claimsInvalid);
  }
  if (c.expiresAt !== undefined) {
    if (!(c.expiresAt instanceof Date) || Number.isNaN(c.expiresAt.getTime())) {
      throw new TokenVerificationError(AUTH_ERROR_REASONS.claimsInvalid);
    }
    if (c.expiresAt.getTime() <= now) throw new TokenVerificationError(AUTH_ERROR_REASONS.expired);
  }
  return claims as VerifiedClaims;
}

/**
 * A duration option in ms, from its `…Ms` spelling or its deprecated `…Seconds`
 * one; both given and different is a configuration error, since either could be
 * the one meant.
 */
export function durationMs(
  ms: number | undefined,
  seconds: number | undefined,
  name: string,
  providerId: string,
): number | undefined {
  if (ms !== undefined && (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)) {
    throw new ServerError(
      'VERIFIER_MISCONFIGURED',
      `Provider "${providerId}": ${name}Ms must be a non-negative number of milliseconds, got ${String(ms)}.`,
    );
  }
  if (seconds === undefined) return ms;
  if (ms !== undefined && ms !== seconds * 1000) {
    throw new ServerError(
      'VERIFIER_MISCONFIGURED',
      `Provider "${providerId}" sets both ${name}Ms (${ms}) and the deprecated ${name}Seconds (${seconds}), which differ.`,
      { hint: `Keep ${name}Ms only.` },
    );
  }
  return ms ?? seconds * 1000;
}

function need(value: string | undefined, what: string, providerId: string): string {
  if (value === undefined || value.length === 0) {
    throw new ServerError(
      'VERIFIER_MISCONFIGURED',
      `Provider "${providerId}" needs ${what} for its verifier.`,
      {
        hint: `Set ${what} in the manifest's provider or in options.providers["${providerId}"].`,
      },
    );
  }
  return value;
}

/**
 * Builds one provider's verifier (wire-protocol.md §4) with a bounded cache of verified
 * results keyed by the token's SHA-256, each kept no longer than its token lives.
 */
export function createToolTokenVerifier(
  config: VerifierConfig | undefined,
  target: VerifierTarget,
  options: {
    readonly cacheEntries?: number;
    readonly verifiedBy?: VerifiedClaims['verifiedBy'];
  } = {},
): ToolTokenVerifier {
  if (config === undefined || config.kind === 'opaque') return async () => undefined;
  const cache = new VerifiedTokenCache<VerifiedClaims>(options.cacheEntries ?? 1000);
  let check: (
    token: string,
    context: { tool: string; signal?: AbortSignal },
  ) => Promise<VerifiedClaims>;
  let ttlMs: number;
  // The cache key holds everything the decision depends on besides the token.
  let partition: (tool: string) => string = () => '';
  switch (config.kind) {
    case 'jwt':
      check = createJwtVerifier(
        {
          jwksUri: config.jwksUri,
          issuer: need(target.issuer, 'an issuer', target.providerId),
          audience: need(target.audience, 'a resource', target.providerId),
          algorithms: config.algorithms,
          typ: config.typ,
          clockToleranceSeconds: seconds(
            durationMs(
              config.clockToleranceMs,
              config.clockToleranceSeconds,
              'clockTolerance',
              target.providerId,
            ),
          ),
          jwksCooldownSeconds: seconds(
            durationMs(
              config.jwksCooldownMs,
              config.jwksCooldownSeconds,
              'jwksCooldown',
              target.providerId,
            ),
          ),
        },
        options.verifiedBy,
      );
      ttlMs = JWT_CACHE_CAP_SECONDS * 1000;
      break;
    case 'introspection':
      check = createIntrospectionVerifier({
        endpoint: config.endpoint,
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        issuer: target.issuer,
        // Without an audience any active token of the issuer would pass (wire-protocol.md §4).
        audience: need(target.audience, 'a resource', target.providerId),
        timeoutMs: config.timeoutMs,
      });
      ttlMs =
        durationMs(config.cacheTtlMs, config.cacheTtlSeconds, 'cacheTtl', target.providerId) ??
        DEFAULT_TTL_SECONDS * 1000;
      break;
    case 'custom': {
      const { verify } = config;
      if (dependsOnOf(config as CustomVerifierConfig, target.providerId) === 'tool') {
        partition = (tool) => `tool:${tool}`;
      }
      check = async (token, context) => {
        try {
          return checkedClaims(
            await verify(token, { ...context, provider: target.providerId }),
            Date.now(),
          );
        } catch (error) {
          // Its reason goes into data.reason: a verifier that quotes the token must not leak it.
          if (error instanceof TokenVerificationError) {
            throw new TokenVerificationError(redactToken(error.reason, token), error.failure);
          }
          throw new TokenVerificationError(AUTH_ERROR_REASONS.rejectedByVerifier);
        }
      };
      ttlMs = DEFAULT_TTL_SECONDS * 1000;
      break;
    }
  }
  // The key is the fingerprint of the partition and the token, never the token. Without a
  // partition it is the fingerprint the runtime's facts of the token hold (made once per token).
  const keyOf = (token: string, tool: string, facts: TokenFacts | undefined): string => {
    const part = partition(tool);
    return part === '' && facts !== undefined
      ? facts.fingerprint
      : tokenFingerprint(`${part}\u0000${token}`);
  };
  const halves: VerifierHalves = {
    cached(token, tool, now, facts) {
      const cached = cache.getByFingerprint(keyOf(token, tool, facts), now);
      if (cached === undefined) return undefined;
      // Cached claims still expire with their token.
      return cached.expiresAt === undefined || cached.expiresAt.getTime() > now
        ? cached
        : undefined;
    },
    async miss(token, context, now, facts) {
      const claims = await check(token, context);
      // jwt and introspection check expiry with their leeway, custom claims in checkedClaims;
      // a cache entry never outlives the claims' expiry (a past one stores nothing).
      const expiresAt = claims.expiresAt?.getTime();
      const until = Math.min(now + ttlMs, expiresAt ?? now + ttlMs);
      cache.setByFingerprint(keyOf(token, context.tool, facts), claims, until, now);
      return claims;
    },
  };
  const verifier: ToolTokenVerifier = async (token, context) => {
    // One spelling per token for every verifier, connection tokens included (issue 11, class 1).
    const checked = (context as { [SPELLING_CHECKED]?: unknown })[SPELLING_CHECKED] === true;
    if (!checked && tokenFormProblem(token) !== undefined) {
      throw new TokenVerificationError(AUTH_ERROR_REASONS.notCanonical);
    }
    const now = Date.now();
    return halves.cached(token, context.tool, now) ?? (await halves.miss(token, context, now));
  };
  Object.defineProperty(verifier, VERIFIER_HALVES, { value: halves, enumerable: false });
  return verifier;
}
