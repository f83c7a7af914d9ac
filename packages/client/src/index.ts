export { KeyRing, VAULT_KEYS_ENV, type VaultKey } from './vault/key-ring.js';
export { MemoryVaultStore } from './vault/memory.js';
export type { VaultEntryKey, VaultEntryKind, VaultStore } from './vault/store.js';
export {
  type ApiKeyHolder,
  type RotationReport,
  type StoredTokens,
  TokenVault,
  type VaultLockOptions,
} from './vault/vault.js';
