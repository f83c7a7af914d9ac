import { parseScopeString, ToolscopeError } from '@toolscope/core';
import * as oauth from 'oauth4webapi';
import { ClientError } from '../errors.js';
import { assertAllowedUrl, guardedFetch, type UrlPolicy } from './url-policy.js';

/** How the agent authenticates to a provider's token endpoint. */
export type ClientAuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post';

/** An OAuth 2.1 provider as the application configures it. The client secret never leaves here. */
export interface OAuthAgentProvider {
  readonly type: 'oauth2';
  /** Issuer identifier; when absent, the issuer a tool advertises is used (and checked as untrusted). */
  readonly issuer?: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  /** Default: `client_secret_basic` with a secret, `none` without. */
  readonly clientAuth?: ClientAuthMethod;
  /** Registered redirect URI; the callback must match it exactly. */
  readonly redirectUri: string;
  /** RFC 8707 resource; when absent, the resource a tool advertises is used. */
  readonly resource?: string;
  /** Metadata discovery: RFC 8414, OpenID Connect, or (default) RFC 8414 then OIDC. */
  readonly discovery?: 'oauth2' | 'oidc' | 'auto';
}

/** A provider whose tools take an API key from the vault. */
export interface ApiKeyAgentProvider {
  readonly type: 'apiKey';
}

/** Any provider the agent knows, as `createAgent({ providers })` takes it. */
export type AgentProvider = OAuthAgentProvider | ApiKeyAgentProvider;

/** @deprecated Renamed `OAuthAgentProvider` (the server's `ProviderConfig` is another type). */
export type OAuthProviderConfig = OAuthAgentProvider;
/** @deprecated Renamed `ApiKeyAgentProvider`. */
export type ApiKeyProviderConfig = ApiKeyAgentProvider;
/** @deprecated Renamed `AgentProvider`. */
export type ProviderConfig = AgentProvider;

/** Tokens as the token endpoint granted them. */
export interface GrantedTokens {
  readonly accessToken: string;
  readonly refreshToken?: string | undefined;
  readonly scopes: readonly string[];
  readonly expiresAt?: number | undefined;
}

/** The token endpoint said the refresh token is dead (`invalid_grant`): authorize again. */
export class RefreshRejectedError extends ClientError {
  override readonly name = 'RefreshRejectedError';
}

/** An authorization server did not answer within the request timeout. */
export class OAuthTimeoutError extends ClientError {
  override readonly name = 'OAuthTimeoutError';
}

/** Default bound on every request to an authorization server. */
export const DEFAULT_OAUTH_REQUEST_TIMEOUT_MS = 10_000;

/** Options of an `OAuthProviderClient` that are not about the provider itself. */
export interface OAuthProviderClientOptions {
  /** Bound on each request to the authorization server. Default 10 s. */
  readonly requestTimeoutMs?: number;
}

function isTimeout(error: unknown): boolean {
  // fetch rejects with the signal's reason: a DOMException named TimeoutError.
  return error instanceof Error && error.name === 'TimeoutError';
}

function flowFailed(what: string, error: unknown, timeoutMs: number): ClientError {
  // Never carry the cause along: oauth4webapi puts response bodies there, and a
  // token endpoint's body can hold tokens.
  if (error instanceof ToolscopeError) return error;
  if (isTimeout(error)) {
    return new OAuthTimeoutError(
      'OAUTH_FLOW_FAILED',
      `${what}: no answer within ${timeoutMs} ms.`,
      { hint: 'The authorization server is slow or unreachable; the call can be retried later.' },
    );
  }
  if (error instanceof oauth.AuthorizationResponseError) {
    return new ClientError(
      'OAUTH_FLOW_FAILED',
      `${what}: the authorization server answered "${error.error}".`,
    );
  }
  if (error instanceof oauth.ResponseBodyError) {
    return new ClientError(
      'OAUTH_FLOW_FAILED',
      `${what}: HTTP ${error.status}, error "${error.error}".`,
    );
  }
  const detail = error instanceof Error ? error.message : 'unknown failure';
  return new ClientError('OAUTH_FLOW_FAILED', `${what}: ${detail}`);
}

/** One provider's OAuth client: discovery, authorization URL, code exchange and refresh. */
export class OAuthProviderClient {
  readonly id: string;
  readonly #config: OAuthAgentProvider;
  readonly #policy: UrlPolicy;
  readonly #client: oauth.Client;
  readonly #auth: oauth.ClientAuth;
  readonly #metadata = new Map<string, Promise<oauth.AuthorizationServer>>();
  /** Bound on each request to the authorization server, in milliseconds. */
  readonly requestTimeoutMs: number;

  constructor(
    id: string,
    config: OAuthAgentProvider,
    policy: UrlPolicy,
    options: OAuthProviderClientOptions = {},
  ) {
    this.id = id;
    this.#config = config;
    this.#policy = policy;
    const timeout = options.requestTimeoutMs ?? DEFAULT_OAUTH_REQUEST_TIMEOUT_MS;
    if (!Number.isFinite(timeout) || timeout <= 0) {
      throw new ClientError(
        'CONFIG_INVALID',
        `Provider "${id}": requestTimeoutMs must be a positive number of milliseconds.`,
      );
    }
    this.requestTimeoutMs = timeout;
    this.#client = { client_id: config.clientId };
    const method =
      config.clientAuth ?? (config.clientSecret === undefined ? 'none' : 'client_secret_basic');
    if (method !== 'none' && config.clientSecret === undefined) {
      throw new ClientError(
        'CONFIG_INVALID',
        `Provider "${id}" uses ${method} but has no clientSecret.`,
      );
    }
    this.#auth =
      method === 'none'
        ? oauth.None()
        : method === 'client_secret_post'
          ? oauth.ClientSecretPost(config.clientSecret!)
          : oauth.ClientSecretBasic(config.clientSecret!);
  }

  /** The configured redirect URI. */
  get redirectUri(): string {
    return this.#config.redirectUri;
  }

  /** The resource tokens are requested for: configured first, else the advertised one. */
  resourceFor(advertised: string | undefined): string | undefined {
    return this.#config.resource ?? advertised;
  }

  #requestOptions(): {
    [oauth.customFetch]: (url: string, init: object) => Promise<Response>;
    [oauth.allowInsecureRequests]: boolean;
    signal: () => AbortSignal;
  } {
    return {
      [oauth.customFetch]: guardedFetch(this.#policy, `Provider "${this.id}" endpoint`),
      // oauth4webapi has no timeout of its own; a fresh signal per request, so that
      // a token request held under the refresh lock always ends before the lock does.
      signal: () => AbortSignal.timeout(this.requestTimeoutMs),
      // Plain http only where the policy allows private networks (local development).
      [oauth.allowInsecureRequests]: this.#policy.allowPrivateNetwork === true,
    };
  }

  /** Discovers and caches the authorization server's metadata; refuses one without PKCE S256. */
  async metadata(advertisedIssuer?: string): Promise<oauth.AuthorizationServer> {
    const issuer = this.#config.issuer ?? advertisedIssuer;
    if (issuer === undefined) {
      throw new ClientError('CONFIG_INVALID', `Provider "${this.id}" has no issuer.`, {
        hint: 'Set issuer in the provider config, or list tools first so their metadata names it.',
      });
    }
    let pending = this.#metadata.get(issuer);
    if (pending === undefined) {
      pending = this.#discover(issuer);
      this.#metadata.set(issuer, pending);
      pending.catch(() => this.#metadata.delete(issuer));
    }
    return pending;
  }

  async #discover(issuer: string): Promise<oauth.AuthorizationServer> {
    const url = await assertAllowedUrl(issuer, this.#policy, `Provider "${this.id}" issuer`);
    const mode = this.#config.discovery ?? 'auto';
    const algorithms: Array<'oauth2' | 'oidc'> = mode === 'auto' ? ['oauth2', 'oidc'] : [mode];
    let lastError: unknown;
    for (const algorithm of algorithms) {
      try {
        const response = await oauth.discoveryRequest(url, {
          algorithm,
          ...this.#requestOptions(),
        });
        const as = await oauth.processDiscoveryResponse(url, response);
        if (!as.code_challenge_methods_supported?.includes('S256')) {
          throw new ClientError(
            'OAUTH_FLOW_FAILED',
            `Provider "${this.id}": the authorization server does not advertise PKCE S256.`,
            { hint: 'OAuth 2.1 requires PKCE; toolscope refuses servers without S256.' },
          );
        }
        return as;
      } catch (error) {
        if (error instanceof ToolscopeError) throw error;
        lastError = error;
        // A server that did not answer one discovery URL will not answer the next in time.
        if (isTimeout(error)) break;
      }
    }
    throw flowFailed(`Provider "${this.id}" metadata discovery`, lastError, this.requestTimeoutMs);
  }

  /** Builds the authorization request URL (code, PKCE S256, state, resource). */
  async authorizationUrl(request: {
    readonly scopes: readonly string[];
    readonly state: string;
    readonly codeVerifier: string;
    readonly resource: string | undefined;
    readonly advertisedIssuer?: string | undefined;
  }): Promise<URL> {
    const as = await this.metadata(request.advertisedIssuer);
    if (as.authorization_endpoint === undefined) {
      throw new ClientError(
        'OAUTH_FLOW_FAILED',
        `Provider "${this.id}" has no authorization endpoint.`,
      );
    }
    const url = await assertAllowedUrl(
      as.authorization_endpoint,
      this.#policy,
      `Provider "${this.id}" authorization endpoint`,
    );
    const params = url.searchParams;
    params.set('response_type', 'code');
    params.set('client_id', this.#config.clientId);
    params.set('redirect_uri', this.#config.redirectUri);
    params.set('state', request.state);
    params.set('code_challenge', await oauth.calculatePKCECodeChallenge(request.codeVerifier));
    params.set('code_challenge_method', 'S256');
    if (request.scopes.length > 0) params.set('scope', request.scopes.join(' '));
    if (request.resource !== undefined) params.set('resource', request.resource);
    return url;
  }

  /** Validates the callback (state, RFC 9207 iss, errors) and exchanges the code. */
  async exchangeCode(
    callback: URL,
    expected: {
      readonly state: string;
      readonly codeVerifier: string;
      readonly resource: string | undefined;
      readonly requestedScopes: readonly string[];
      readonly advertisedIssuer?: string | undefined;
    },
  ): Promise<GrantedTokens> {
    const as = await this.metadata(expected.advertisedIssuer);
    try {
      const params = oauth.validateAuthResponse(as, this.#client, callback, expected.state);
      const response = await oauth.authorizationCodeGrantRequest(
        as,
        this.#client,
        this.#auth,
        params,
        this.#config.redirectUri,
        expected.codeVerifier,
        {
          ...this.#requestOptions(),
          ...(expected.resource === undefined
            ? {}
            : { additionalParameters: { resource: expected.resource } }),
        },
      );
      const result = await oauth.processAuthorizationCodeResponse(as, this.#client, response);
      return granted(result, expected.requestedScopes);
    } catch (error) {
      throw flowFailed(`Provider "${this.id}" authorization`, error, this.requestTimeoutMs);
    }
  }

  /** Uses a refresh token; a rejected one raises RefreshRejectedError. */
  async refresh(
    refreshToken: string,
    resource: string | undefined,
    heldScopes: readonly string[],
    advertisedIssuer?: string,
  ): Promise<GrantedTokens> {
    const as = await this.metadata(advertisedIssuer);
    try {
      const response = await oauth.refreshTokenGrantRequest(
        as,
        this.#client,
        this.#auth,
        refreshToken,
        {
          ...this.#requestOptions(),
          ...(resource === undefined ? {} : { additionalParameters: { resource } }),
        },
      );
      return granted(
        await oauth.processRefreshTokenResponse(as, this.#client, response),
        heldScopes,
      );
    } catch (error) {
      if (error instanceof oauth.ResponseBodyError && error.error === 'invalid_grant') {
        throw new RefreshRejectedError(
          'OAUTH_FLOW_FAILED',
          `Provider "${this.id}" rejected the refresh token (invalid_grant).`,
        );
      }
      throw flowFailed(`Provider "${this.id}" refresh`, error, this.requestTimeoutMs);
    }
  }
}

function granted(
  result: oauth.TokenEndpointResponse,
  fallbackScopes: readonly string[],
): GrantedTokens {
  // RFC 6749 §5.1: a response without `scope` granted what was asked for.
  const scopes = result.scope === undefined ? [...fallbackScopes] : parseScopeString(result.scope);
  return {
    accessToken: result.access_token,
    refreshToken: result.refresh_token,
    scopes,
    expiresAt: result.expires_in === undefined ? undefined : Date.now() + result.expires_in * 1000,
  };
}
