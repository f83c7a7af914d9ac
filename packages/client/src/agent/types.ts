import type { AuthErrorKind, MetaAuthorizationDeclaration, ToolCallTarget } from '@toolscope/core';
import type { ProviderConfig } from '../oauth/provider-client.js';
import type { TokenVault } from '../vault/vault.js';
import type { UserSession } from './session.js';

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
  readonly providers: Readonly<Record<string, ProviderConfig>>;
  readonly onAuthorizationRequired?: AuthorizationRequiredHook;
  /** The tenant whose API keys a user may use when they hold none of their own. */
  readonly tenantOf?: (userId: string) => string | undefined;
  /** Refresh this many seconds before expiry. Default 60. */
  readonly refreshSkewSeconds?: number;
  /**
   * A call to a tool the cached tools/list does not name re-lists tools at most
   * this often. Default 30 s; `invalidateTools()` (on `list_changed`) re-lists at once.
   */
  readonly unknownToolRelistSeconds?: number;
  /** How long an authorization started with `authorizationUrl` may take. Default 600 s. */
  readonly pendingAuthorizationTtlSeconds?: number;
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
