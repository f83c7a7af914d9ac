import { randomBytes } from 'node:crypto';
import {
  type AuthErrorKind,
  type AuthorizationError,
  type CallOptions,
  invokeToolWithSource,
  type MetaAuthorizationDeclaration,
  missingScopes,
  type ProviderInfo,
  type TokenRequest,
  type TokenSourceObject,
  type ToolCallResult,
  type ToolCallTarget,
  unionScopes,
} from '@toolscope/core';
import { generateRandomCodeVerifier } from 'oauth4webapi';
import { ClientError } from '../errors.js';
import type { OAuthProviderClient } from '../oauth/provider-client.js';
import type { TokenVault } from '../vault/vault.js';
import type { PendingAuthorizations } from './pending.js';
import type { TokenService, TokenSlot } from './token-service.js';

/** What the hook is told when a user must (re)authorize a provider (wire-protocol.md §6 step 2). */
export interface AuthorizationRequest {
  readonly userId: string;
  /** The tool whose call needs it. */
  readonly tool: string;
  /** Provider id. */
  readonly provider: string;
  /** Scopes to request: the union of those held and those the tool requires. Empty for apiKey. */
  readonly scopes: readonly string[];
  /** Why: the server's error kind. */
  readonly reason: AuthErrorKind;
  readonly method: 'oauth2' | 'apiKey';
  /** The user's session, to start the flow with `authorizationUrl`. */
  readonly session: UserSession;
}

/**
 * The application's reaction when tokens cannot be refreshed: authorize the
 * user (or store an API key) and resolve true to retry the call once.
 */
export type AuthorizationRequiredHook = (
  request: AuthorizationRequest,
) => Promise<boolean> | boolean;

/**
 * What a session needs of its agent. `Agent` is one; naming only this keeps
 * the session module free of an import of the agent (no cycle).
 */
export interface SessionHost {
  readonly client: ToolCallTarget;
  readonly vault: TokenVault;
  readonly tokens: TokenService;
  readonly pending: PendingAuthorizations;
  readonly onAuthorizationRequired: AuthorizationRequiredHook | undefined;
  readonly tenantOf: ((userId: string) => string | undefined) | undefined;
  oauthProvider(id: string): OAuthProviderClient;
  hasOAuthProvider(id: string): boolean;
  requirementOf(tool: string): Promise<MetaAuthorizationDeclaration | undefined>;
  advertisedProvider(id: string): Promise<ProviderInfo | undefined>;
}
/** What `authorizationUrl` returns: where to send the user, and the state that ties the callback back. */
export interface AuthorizationStart {
  readonly url: string;
  readonly state: string;
}

/** What `completeAuthorization` stored, without the tokens themselves. */
export interface AuthorizationOutcome {
  readonly provider: string;
  readonly scopes: readonly string[];
  readonly expiresAt: number | undefined;
}

/** Options of `authorizationUrl`. */
export interface AuthorizationUrlOptions {
  /** RFC 8707 resource; default the provider's configured or advertised one. */
  readonly resource?: string;
}

/**
 * One end user's view of the agent. It is a token source for generated
 * clients (`getToken` + `onAuthorizationError`, wire-protocol.md §6) and can call any
 * tool itself. Every token it reads is keyed by its own user id.
 */
export class UserSession implements TokenSourceObject {
  readonly userId: string;
  readonly #agent: SessionHost;
  // Which token each call was given, so a reaction can tell a stale token from one already replaced.
  readonly #issued = new WeakMap<TokenRequest, string>();

  constructor(agent: SessionHost, userId: string) {
    this.#agent = agent;
    this.userId = userId;
  }

  /** The user's token for a tool's requirement: refreshed when near expiry, undefined when none. */
  getToken = async (request: TokenRequest): Promise<string | undefined> => {
    const { requirement } = request;
    let token: string | undefined;
    if (requirement.method === 'apiKey') {
      token = await this.#apiKey(requirement.provider.id);
    } else {
      const slot = await this.#slot(requirement.provider);
      token =
        slot === undefined ? undefined : (await this.#agent.tokens.current(slot))?.accessToken;
    }
    if (token !== undefined) this.#issued.set(request, token);
    return token;
  };

  /**
   * wire-protocol.md §6: refresh when a refresh token is held, else ask the application
   * for an authorization with the union of held and required scopes. Resolves
   * true when the call should be retried (once; the caller never loops).
   */
  onAuthorizationError = async (
    error: AuthorizationError,
    request: TokenRequest,
  ): Promise<boolean> => {
    const { requirement } = request;
    if (requirement.method === 'apiKey') return this.#askApplication(error, request, []);
    const slot = await this.#slot(requirement.provider);
    if (slot === undefined) return this.#askApplication(error, request, requirement.requiredScopes);
    const required =
      error.requiredScopes.length > 0 ? error.requiredScopes : requirement.requiredScopes;
    const held = await this.#agent.tokens.read(slot);
    const lacksScopes = held !== undefined && missingScopes(required, held.scopes).length > 0;
    // A refresh cannot widen scopes, so an insufficient_scope for a scope we lack goes to step-up.
    if (held?.refreshToken !== undefined && !(error.kind === 'insufficient_scope' && lacksScopes)) {
      const stale = this.#issued.get(request);
      const fresh = await this.#agent.tokens.refresh(
        slot,
        (current) => stale === undefined || current.accessToken === stale,
      );
      if (fresh !== undefined) return true;
    }
    const now = await this.#agent.tokens.read(slot);
    return this.#askApplication(error, request, unionScopes(now?.scopes ?? [], required));
  };

  /** Calls any tool by name, reading its requirement from tools/list. */
  async callTool(
    name: string,
    args: Record<string, unknown> = {},
    options?: CallOptions,
  ): Promise<ToolCallResult> {
    // A tool the server does not list gets no token: least privilege.
    const requirement = (await this.#agent.requirementOf(name)) ?? { method: 'none' as const };
    return invokeToolWithSource(
      this.#agent.client,
      { name, arguments: args, requirement },
      this,
      options,
    );
  }

  /** Starts an authorization for this user: PKCE S256, state, resource. Onboarding or step-up. */
  async authorizationUrl(
    provider: string,
    scopes: readonly string[] = [],
    options: AuthorizationUrlOptions = {},
  ): Promise<AuthorizationStart> {
    const client = this.#agent.oauthProvider(provider);
    const advertised = await this.#agent.advertisedProvider(provider);
    const resource = options.resource ?? client.resourceFor(advertised?.resource);
    const state = randomBytes(32).toString('base64url');
    const codeVerifier = generateRandomCodeVerifier();
    const url = await client.authorizationUrl({
      scopes,
      state,
      codeVerifier,
      resource,
      advertisedIssuer: advertised?.issuer,
    });
    await this.#agent.pending.add(state, {
      userId: this.userId,
      provider,
      codeVerifier,
      scopes: [...scopes],
      resource,
      redirectUri: client.redirectUri,
      advertisedIssuer: advertised?.issuer,
    });
    return { url: url.href, state };
  }

  /** Finishes an authorization from the redirect URL and stores the tokens in the vault. */
  async completeAuthorization(callbackUrl: string): Promise<AuthorizationOutcome> {
    let callback: URL;
    try {
      callback = new URL(callbackUrl);
    } catch {
      throw new ClientError('OAUTH_FLOW_FAILED', 'The callback URL is not a valid URL.');
    }
    const pending = await this.#agent.pending.take(callback.searchParams.get('state'), this.userId);
    if (`${callback.origin}${callback.pathname}` !== pending.redirectUri) {
      throw new ClientError(
        'OAUTH_FLOW_FAILED',
        'The callback did not arrive at the exact redirect URI of the authorization request.',
      );
    }
    const client = this.#agent.oauthProvider(pending.provider);
    const granted = await client.exchangeCode(callback, {
      state: callback.searchParams.get('state')!,
      codeVerifier: pending.codeVerifier,
      resource: pending.resource,
      requestedScopes: pending.scopes,
      advertisedIssuer: pending.advertisedIssuer,
    });
    await this.#agent.vault.putTokens(this.userId, pending.provider, pending.resource, granted);
    return { provider: pending.provider, scopes: granted.scopes, expiresAt: granted.expiresAt };
  }

  /** Stores an API key for this user. */
  async setApiKey(provider: string, apiKey: string): Promise<void> {
    await this.#agent.vault.putApiKey(provider, { userId: this.userId }, apiKey);
  }

  async #apiKey(provider: string): Promise<string | undefined> {
    const own = await this.#agent.vault.getApiKey(provider, { userId: this.userId });
    if (own !== undefined) return own;
    const tenantId = this.#agent.tenantOf?.(this.userId);
    return tenantId === undefined ? undefined : this.#agent.vault.getApiKey(provider, { tenantId });
  }

  async #slot(advertised: ProviderInfo): Promise<TokenSlot | undefined> {
    if (!this.#agent.hasOAuthProvider(advertised.id)) return undefined;
    const provider = this.#agent.oauthProvider(advertised.id);
    return {
      userId: this.userId,
      provider,
      resource: provider.resourceFor(advertised.resource),
      advertised,
    };
  }

  async #askApplication(
    error: AuthorizationError,
    request: TokenRequest,
    scopes: readonly string[],
  ): Promise<boolean> {
    const hook = this.#agent.onAuthorizationRequired;
    if (hook === undefined) return false;
    return (
      (await hook({
        userId: this.userId,
        tool: request.tool,
        provider: request.requirement.provider.id,
        scopes,
        reason: error.kind,
        method: request.requirement.method,
        session: this,
      })) === true
    );
  }

  /** Names the user only. */
  toString(): string {
    return `UserSession(${this.userId})`;
  }
}
