import {
  type MetaAuthorizationDeclaration,
  type ProviderInfo,
  readToolRequirement,
  sdkLineOf,
} from '@toolscope/core';
import { ClientError } from '../errors.js';
import { DEFAULT_OAUTH_REQUEST_TIMEOUT_MS, OAuthProviderClient } from '../oauth/provider-client.js';
import type { UrlPolicy } from '../oauth/url-policy.js';
import type { TokenVault } from '../vault/vault.js';
import { PendingAuthorizations } from './pending.js';
import { type AuthorizationRequiredHook, type SessionHost, UserSession } from './session.js';
import { TokenService } from './token-service.js';
import type { AgentClient, AgentOptions, ListToolsOptions } from './types.js';

const DEFAULT_REFRESH_LOCK_TTL_MS = 15_000;
// Time left under the refresh lock, after the token request, for the vault read and write.
const LOCK_MARGIN_MS = 1_000;

/**
 * SDK v2 may answer tools/list from its response cache while a server's
 * `ttlMs` lasts; the agent lists only when its own listing is gone or misses a
 * tool, so it asks for the server's current answer.
 */
const FRESH_LISTING: ListToolsOptions = { cacheMode: 'refresh' };

/** The provider id core's `readToolRequirement` gives a declaration without provider facts. */
const UNKNOWN_PROVIDER = 'unknown';

type DurationName = 'refreshSkew' | 'unknownToolRelist' | 'pendingAuthorizationTtl';

/**
 * A duration option in ms: `<name>Ms`, or the deprecated `<name>Seconds`
 * converted; both given is a configuration error, not a silent choice.
 */
function durationMs(options: AgentOptions, name: DurationName, defaultMs: number): number {
  const ms = options[`${name}Ms`];
  const seconds = options[`${name}Seconds`];
  if (ms !== undefined && seconds !== undefined) {
    throw new ClientError(
      'CONFIG_INVALID',
      `createAgent got both ${name}Ms and ${name}Seconds; they name one setting.`,
      { hint: `Keep ${name}Ms (milliseconds) and drop ${name}Seconds, which is deprecated.` },
    );
  }
  const value = ms ?? (seconds === undefined ? defaultMs : seconds * 1000);
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new ClientError(
      'CONFIG_INVALID',
      `createAgent: ${ms === undefined ? `${name}Seconds` : `${name}Ms`} must be a finite number of at least 0.`,
    );
  }
  return value;
}

/** An agent serving many end users over one MCP client connection. */
export class Agent implements SessionHost {
  readonly client: AgentClient;
  readonly vault: TokenVault;
  readonly tokens: TokenService;
  readonly pending: PendingAuthorizations;
  readonly onAuthorizationRequired: AuthorizationRequiredHook | undefined;
  readonly tenantOf: ((userId: string) => string | undefined) | undefined;
  readonly #options: AgentOptions;
  readonly #oauth = new Map<string, OAuthProviderClient>();
  #tools: Promise<Map<string, MetaAuthorizationDeclaration>> | undefined;
  // When the current listing was requested; a miss re-lists only once this is old enough.
  #listedAt = 0;
  readonly #relistMs: number;

  constructor(options: AgentOptions) {
    this.#options = options;
    this.client = options.client;
    this.vault = options.vault;
    const requestTimeoutMs = options.oauthRequestTimeoutMs ?? DEFAULT_OAUTH_REQUEST_TIMEOUT_MS;
    const lockTtlMs = options.refreshLockTtlMs ?? DEFAULT_REFRESH_LOCK_TTL_MS;
    // The token request runs under the lock; were the lock to lapse first, another
    // instance could refresh with the same (then rotated, so dead) refresh token.
    if (!(requestTimeoutMs > 0 && requestTimeoutMs + LOCK_MARGIN_MS <= lockTtlMs)) {
      throw new ClientError(
        'CONFIG_INVALID',
        `oauthRequestTimeoutMs (${requestTimeoutMs}) must be positive and at least ${LOCK_MARGIN_MS} ms below refreshLockTtlMs (${lockTtlMs}).`,
      );
    }
    this.tokens = new TokenService(
      options.vault,
      durationMs(options, 'refreshSkew', 60_000),
      lockTtlMs,
    );
    this.pending = new PendingAuthorizations(
      durationMs(options, 'pendingAuthorizationTtl', 600_000),
      options.pendingAuthorizations,
    );
    this.#relistMs = durationMs(options, 'unknownToolRelist', 30_000);
    this.onAuthorizationRequired = options.onAuthorizationRequired;
    this.tenantOf = options.tenantOf;
    const policy: UrlPolicy = { allowPrivateNetwork: options.allowPrivateNetwork === true };
    for (const [id, config] of Object.entries(options.providers)) {
      if (config.type === 'oauth2')
        this.#oauth.set(id, new OAuthProviderClient(id, config, policy, { requestTimeoutMs }));
    }
  }

  /** A session bound to one end user; every token it sends is that user's. */
  forUser(userId: string): UserSession {
    if (userId.length === 0) {
      throw new ClientError('CONFIG_INVALID', 'A user id must not be empty.');
    }
    return new UserSession(this, userId);
  }

  /** The OAuth client of a provider id; throws when the application did not configure it. */
  oauthProvider(id: string): OAuthProviderClient {
    const provider = this.#oauth.get(id);
    if (provider === undefined) {
      throw new ClientError('PROVIDER_UNKNOWN', `No OAuth provider "${id}" is configured.`, {
        hint: `Add providers.${id} = { type: 'oauth2', clientId, redirectUri, ... } to createAgent.`,
      });
    }
    return provider;
  }

  /** True when the application configured an OAuth provider with this id. */
  hasOAuthProvider(id: string): boolean {
    return this.#oauth.has(id);
  }

  /**
   * A tool's requirement from tools/list (cached). An unknown name re-lists,
   * but at most once per `unknownToolRelistMs`: callers choose tool names,
   * and must not be able to make the agent list tools on every call.
   */
  async requirementOf(tool: string): Promise<MetaAuthorizationDeclaration | undefined> {
    const listing = this.#listTools();
    const known = (await listing).get(tool);
    if (known !== undefined) return known;
    // Another caller re-listed (or the list was invalidated) while this one waited.
    if (this.#tools !== listing) return (await this.#listTools()).get(tool);
    if (Date.now() - this.#listedAt < this.#relistMs) return undefined;
    this.#tools = undefined;
    return (await this.#listTools()).get(tool);
  }

  /** Provider facts some listed tool advertised for a provider id, if tools were listed. */
  async advertisedProvider(id: string): Promise<ProviderInfo | undefined> {
    if (this.#tools === undefined) return undefined;
    for (const requirement of (await this.#tools).values()) {
      if (requirement.method !== 'none' && requirement.provider.id === id)
        return requirement.provider;
    }
    return undefined;
  }

  /** Forgets the cached tools/list (call on `notifications/tools/list_changed`). */
  invalidateTools(): void {
    this.#tools = undefined;
  }

  #listTools(): Promise<Map<string, MetaAuthorizationDeclaration>> {
    if (this.#tools === undefined) {
      this.#listedAt = Date.now();
      const listing = this.#fetchTools();
      listing.catch(() => {
        if (this.#tools === listing) this.#tools = undefined;
      });
      this.#tools = listing;
    }
    return this.#tools;
  }

  async #fetchTools(): Promise<Map<string, MetaAuthorizationDeclaration>> {
    const map = new Map<string, MetaAuthorizationDeclaration>();
    const options = sdkLineOf(this.client) === 'v2' ? FRESH_LISTING : undefined;
    let cursor: string | undefined;
    do {
      const page = await this.client.listTools(
        cursor === undefined ? undefined : { cursor },
        options,
      );
      for (const tool of page.tools) {
        const name = (tool as { name?: unknown }).name;
        const requirement = readToolRequirement(tool);
        if (typeof name === 'string' && requirement !== undefined)
          map.set(name, this.#withProvider(name, requirement));
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return map;
  }

  /**
   * Declarations without provider facts (top-level `authorization`, `securitySchemes`)
   * read as provider `unknown`; the application may name the provider for them.
   */
  #withProvider(
    tool: string,
    requirement: MetaAuthorizationDeclaration,
  ): MetaAuthorizationDeclaration {
    if (requirement.method === 'none' || requirement.provider.id !== UNKNOWN_PROVIDER) {
      return requirement;
    }
    const id = this.#options.providerForTool?.(tool, requirement);
    return id === undefined ? requirement : { ...requirement, provider: { id } };
  }

  /** Options as given, for sessions. */
  get options(): AgentOptions {
    return this.#options;
  }
}

/** Creates an agent over a connected SDK `Client` (1.x or v2). */
export function createAgent(options: AgentOptions): Agent {
  return new Agent(options);
}
