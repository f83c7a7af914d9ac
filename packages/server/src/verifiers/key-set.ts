import { AUTH_ERROR_REASONS } from '@toolscope/core';
import {
  createLocalJWKSet,
  errors,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
} from 'jose';
import { TokenVerificationError } from '../errors.js';
import { discardBody, readCappedText } from './body.js';

/** Settings of a remote key set (a provider's JWKS). */
export interface KeySetSettings {
  readonly uri: string;
  /** Minimum time between two fetches, whether the last one worked or failed. */
  readonly cooldownMs: number;
  /** How long a fetched key set is used before it is fetched again. */
  readonly maxAgeMs: number;
  readonly timeoutMs: number;
  /** Largest JWKS body read; past it the fetch counts as failed. */
  readonly maxBytes: number;
}

/**
 * A failure is remembered at least this long even when the cooldown is 0, so
 * that no number of calls turns into the same number of fetches.
 */
const MIN_FAILURE_COOLDOWN_MS = 1000;

type LocalKeySet = ReturnType<typeof createLocalJWKSet>;
type KeyResolver = (
  header: JWSHeaderParameters,
  token: FlattenedJWSInput,
) => ReturnType<LocalKeySet>;

/** A key resolver for `jwtVerify` with its fetch counters, for tests and metrics. */
export interface RemoteKeySet {
  readonly getKey: KeyResolver;
  /** How many times the JWKS was requested. */
  readonly fetches: () => number;
}

const unavailable = () => new TokenVerificationError(AUTH_ERROR_REASONS.keySetUnavailable);

async function download(settings: KeySetSettings): Promise<LocalKeySet> {
  const response = await fetch(settings.uri, {
    headers: { accept: 'application/json' },
    redirect: 'error',
    signal: AbortSignal.timeout(settings.timeoutMs),
  });
  if (response.status !== 200) {
    await discardBody(response);
    throw unavailable();
  }
  const text = await readCappedText(response, settings.maxBytes);
  const jwks = JSON.parse(text) as JSONWebKeySet;
  if (jwks === null || typeof jwks !== 'object' || !Array.isArray(jwks.keys)) throw unavailable();
  return createLocalJWKSet(jwks);
}

/**
 * A provider's JWKS, fetched on first use, on an unknown `kid` and when stale,
 * never more often than the cooldown allows (wire-protocol.md §4). Failures count
 * toward the cooldown too (issue 11, class 2): while the endpoint answers 500,
 * garbage or nothing, calls are refused with "Key set unavailable" without a
 * new request; concurrent calls share one fetch in flight.
 */
export function createRemoteKeySet(settings: KeySetSettings): RemoteKeySet {
  let keys: LocalKeySet | undefined;
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let attemptedAt = Number.NEGATIVE_INFINITY;
  let lastFailed = false;
  let inFlight: Promise<void> | undefined;
  let fetches = 0;
  const failureCooldown = Math.max(settings.cooldownMs, MIN_FAILURE_COOLDOWN_MS);

  const mayFetch = (now: number) =>
    now - attemptedAt >= (lastFailed ? failureCooldown : settings.cooldownMs);

  const refresh = (): Promise<void> => {
    inFlight ??= (async () => {
      fetches++;
      attemptedAt = Date.now();
      try {
        keys = await download(settings);
        fetchedAt = Date.now();
        lastFailed = false;
      } catch {
        // A stale key set is not used past its age: an outage fails closed.
        lastFailed = true;
        throw unavailable();
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };

  const current = async (): Promise<LocalKeySet> => {
    const now = Date.now();
    if (keys !== undefined && now - fetchedAt < settings.maxAgeMs) return keys;
    if (inFlight !== undefined) await inFlight;
    else if (mayFetch(now)) await refresh();
    else throw unavailable();
    if (keys === undefined || lastFailed) throw unavailable();
    return keys;
  };

  const getKey: KeyResolver = async (header, token) => {
    const local = await current();
    try {
      return await local(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      // An unknown kid may mean the provider rotated its keys: look once, within the cooldown.
      if (inFlight !== undefined) await inFlight.catch(() => undefined);
      else if (mayFetch(Date.now())) await refresh().catch(() => undefined);
      if (lastFailed) throw unavailable();
      if (keys === undefined || keys === local) throw error;
      return keys(header, token);
    }
  };

  return { getKey, fetches: () => fetches };
}
