import type { MetaAuthorizationDeclaration, ToolCallTarget } from '@toolscope/core';
import type { AgentProvider } from '../oauth/provider-client.js';
import type { TokenVault } from '../vault/vault.js';
import type { PendingAuthorizationStore } from './pending.js';
import type { AuthorizationRequiredHook } from './session.js';

export type { AuthorizationRequest, AuthorizationRequiredHook } from './session.js';

/**
 * Options the agent passes to `listTools`. `cacheMode` is SDK v2's (its
 * response cache honours a server's `ttlMs`); the agent keeps its own listing
 * and asks v2 for a fresh one whenever it lists. A 1.x `Client` never gets it.
 */
export interface ListToolsOptions {
  readonly signal?: AbortSignal;
  readonly timeout?: number;
  readonly cacheMode?: 'use' | 'refresh' | 'bypass';
}

/** The tools/list half of an SDK `Client`, the same on both lines: `listTools(params?, options?)`. */
export interface ToolLister {
  listTools(
    params?: { cursor?: string },
    options?: ListToolsOptions,
  ): Promise<{ tools: unknown[]; nextCursor?: string | undefined }>;
}

/**
 * The part of an SDK `Client` the agent uses: calls, and tools/list for
 * requirements. A connected 1.x (`@modelcontextprotocol/sdk`) or v2
 * (`@modelcontextprotocol/client`) `Client` is one.
 */
export type AgentClient = ToolCallTarget & ToolLister;

/** Options of `createAgent`. */
export interface AgentOptions {
  /** A connected SDK `Client` of either line (any transport), shared by every user. */
  readonly client: AgentClient;
  readonly vault: TokenVault;
  /** Providers by id, as tools name them in their metadata. */
  readonly providers: Readonly<Record<string, AgentProvider>>;
  readonly onAuthorizationRequired?: AuthorizationRequiredHook;
  /** The tenant whose API keys a user may use when they hold none of their own. */
  readonly tenantOf?: (userId: string) => string | undefined;
  /** Refresh this many milliseconds before expiry. Default 60 000. */
  readonly refreshSkewMs?: number;
  /** @deprecated Use `refreshSkewMs` (milliseconds); this one is converted. */
  readonly refreshSkewSeconds?: number;
  /**
   * A call to a tool the cached tools/list does not name re-lists tools at most
   * this often, in ms. Default 30 000; `invalidateTools()` (on `list_changed`) re-lists at once.
   */
  readonly unknownToolRelistMs?: number;
  /** @deprecated Use `unknownToolRelistMs` (milliseconds); this one is converted. */
  readonly unknownToolRelistSeconds?: number;
  /** How long an authorization started with `authorizationUrl` may take, in ms. Default 600 000. */
  readonly pendingAuthorizationTtlMs?: number;
  /** @deprecated Use `pendingAuthorizationTtlMs` (milliseconds); this one is converted. */
  readonly pendingAuthorizationTtlSeconds?: number;
  /**
   * Where authorizations started with `authorizationUrl` wait for their
   * callback. Default: this process's memory. An agent running as several
   * instances passes one they share (`RedisPendingAuthorizationStore` from
   * `@toolscope/client/redis`), so the callback may reach any instance.
   */
  readonly pendingAuthorizations?: PendingAuthorizationStore;
  /**
   * Bound on each request to an authorization server (discovery, code
   * exchange, refresh). Default 10 000 ms; must stay below `refreshLockTtlMs`.
   */
  readonly oauthRequestTimeoutMs?: number;
  /**
   * How long the cross-process refresh lock holds if its holder dies. Default
   * 15 000 ms; at least 1 s longer than `oauthRequestTimeoutMs`, so a slow token
   * endpoint cannot let the lock lapse while the old refresh token is in use.
   */
  readonly refreshLockTtlMs?: number;
  /** Allow loopback/private targets and plain http in server-supplied URLs: local development only. */
  readonly allowPrivateNetwork?: boolean;
  /**
   * For servers that declare only the proposal's top-level `authorization` or
   * `securitySchemes` (no `_meta["io.toolscope/authorization"]`, so no provider
   * id): names the configured provider whose token such a tool takes. Without
   * it, or when it returns undefined, such a tool gets no token (least privilege).
   */
  readonly providerForTool?: (
    tool: string,
    requirement: Exclude<MetaAuthorizationDeclaration, { method: 'none' }>,
  ) => string | undefined;
}
