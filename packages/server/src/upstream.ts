import { ServerError, UpstreamRejectedError } from './errors.js';
import type { UpstreamFetch } from './types.js';

/** Where and how the upstream fetch sends the user's token. */
export interface UpstreamTarget {
  readonly providerId: string;
  readonly method: 'oauth2' | 'apiKey';
  /** The provider's resource; the only origin the fetch may reach. */
  readonly resource: string | undefined;
  readonly headerName?: string | undefined;
  readonly valuePrefix?: string | undefined;
}

/**
 * A `fetch` bound to the provider's resource origin that carries the token:
 * Bearer for oauth2, the provider's header for apiKey. Relative URLs resolve
 * against the resource. Redirects are not followed, so the token cannot be
 * carried to another origin; an upstream 401/403 throws `UpstreamRejectedError`.
 */
export function createUpstreamFetch(target: UpstreamTarget, token: string): UpstreamFetch {
  return async (input, init) => {
    if (target.resource === undefined) {
      throw new ServerError(
        'UPSTREAM_ORIGIN_FORBIDDEN',
        `Provider "${target.providerId}" declares no resource to fetch from.`,
        {
          hint: 'Set the provider resource (its API base URL) in the manifest.',
        },
      );
    }
    const base = new URL(target.resource);
    const url = new URL(input, base.href.endsWith('/') ? base : `${base.href}/`);
    if (url.origin !== base.origin) {
      throw new ServerError(
        'UPSTREAM_ORIGIN_FORBIDDEN',
        `Provider "${target.providerId}" may only be fetched at ${base.origin}, not ${url.origin}.`,
        {
          hint: 'The token is only sent to the origin of the provider resource.',
        },
      );
    }
    const headers = new Headers(init?.headers);
    if (target.method === 'oauth2') headers.set('authorization', `Bearer ${token}`);
    else headers.set(target.headerName ?? 'x-api-key', `${target.valuePrefix ?? ''}${token}`);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      // A 403 that names insufficient_scope lets the client step up instead of refreshing.
      const challenge = response.headers.get('www-authenticate') ?? '';
      const insufficientScope =
        response.status === 403 && /\berror\s*=\s*"?insufficient_scope"?/i.test(challenge);
      throw new UpstreamRejectedError(response.status, insufficientScope);
    }
    return response;
  };
}
