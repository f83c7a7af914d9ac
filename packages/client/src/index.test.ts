import { describe, expect, it } from 'vitest';
import * as client from './index.js';
import * as redis from './vault/redis.js';
import * as sqlite from './vault/sqlite.js';

describe('public exports', () => {
  it('pins the value exports of each entry point', () => {
    expect(Object.keys(client).sort()).toEqual([
      'Agent',
      'ClientError',
      'KeyRing',
      'MemoryPendingAuthorizationStore',
      'MemoryVaultStore',
      'MemoryVersionWitness',
      'OAuthProviderClient',
      'OAuthTimeoutError',
      'RefreshRejectedError',
      'TokenVault',
      'UserSession',
      'VAULT_KEYS_ENV',
      'assertAllowedUrl',
      'createAgent',
      'isInternalAddress',
      'startLoopbackRedirect',
    ]);
    expect(Object.keys(sqlite).sort()).toEqual(['SqliteVaultStore', 'openSqliteVault']);
    expect(Object.keys(redis).sort()).toEqual([
      'RedisPendingAuthorizationStore',
      'RedisVaultStore',
      'openRedisVault',
    ]);
  });
});
