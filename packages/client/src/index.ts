export { Agent, createAgent } from './agent/agent.js';
export {
  MemoryPendingAuthorizationStore,
  type PendingAuthorization,
  type PendingAuthorizationStore,
} from './agent/pending.js';
export {
  type AuthorizationOutcome,
  type AuthorizationRequest,
  type AuthorizationRequiredHook,
  type AuthorizationStart,
  type AuthorizationUrlOptions,
  type SessionHost,
  UserSession,
} from './agent/session.js';
export type { AgentClient, AgentOptions, ListToolsOptions, ToolLister } from './agent/types.js';
export { ClientError, type ClientErrorCode } from './errors.js';
export {
  type LoopbackRedirect,
  type LoopbackRedirectOptions,
  startLoopbackRedirect,
} from './oauth/loopback.js';
export {
  type AgentProvider,
  type ApiKeyAgentProvider,
  type ApiKeyProviderConfig,
  type ClientAuthMethod,
  type GrantedTokens,
  type OAuthAgentProvider,
  OAuthProviderClient,
  type OAuthProviderClientOptions,
  type OAuthProviderConfig,
  OAuthTimeoutError,
  type ProviderConfig,
  RefreshRejectedError,
} from './oauth/provider-client.js';
export { assertAllowedUrl, isInternalAddress, type UrlPolicy } from './oauth/url-policy.js';
export { KeyRing, VAULT_KEYS_ENV, type VaultKey } from './vault/key-ring.js';
export { MemoryVaultStore } from './vault/memory.js';
export type { VaultEntryKey, VaultEntryKind, VaultStore } from './vault/store.js';
export {
  type ApiKeyHolder,
  type RotationFailure,
  type RotationReport,
  type StoredTokens,
  TokenVault,
  type TokenVaultOptions,
  type VaultLockOptions,
} from './vault/vault.js';
export { MemoryVersionWitness, type VersionWitness } from './vault/witness.js';
