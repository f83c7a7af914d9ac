import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { KeyRing } from './key-ring.js';
import type { VaultEntryKey, VaultEntryKind, VaultStore } from './store.js';
import { TokenVault } from './vault.js';

/** Options of the SQLite store. */
export interface SqliteVaultStoreOptions {
  /** Milliseconds a writer waits for another connection's lock. Default 5000. */
  readonly busyTimeoutMs?: number;
}

interface EntryRow {
  kind: VaultEntryKind;
  subject: string;
  provider: string;
  resource: string;
}

/**
 * The embedded default store: one SQLite file in WAL mode. Several processes
 * on one host may share the file; its lock table then serialises their refreshes.
 */
export class SqliteVaultStore implements VaultStore {
  readonly #db: Database.Database;
  readonly #get: Database.Statement<[string, string, string, string], { record: string }>;
  readonly #put: Database.Statement<[string, string, string, string, string]>;
  readonly #delete: Database.Statement<[string, string, string, string]>;
  readonly #cas: Database.Statement<[string, string, string, string, string, string]>;
  readonly #insertIfAbsent: Database.Statement<[string, string, string, string, string]>;
  readonly #acquire: (name: string, token: string, now: number, until: number) => boolean;
  readonly #release: Database.Statement<[string, string]>;

  /** Opens (and creates when missing) the vault file at `path`. */
  constructor(path: string, options: SqliteVaultStoreOptions = {}) {
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS vault_entries (
        kind TEXT NOT NULL, subject TEXT NOT NULL, provider TEXT NOT NULL, resource TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (kind, subject, provider, resource)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS vault_locks (
        name TEXT PRIMARY KEY, token TEXT NOT NULL, expires_at INTEGER NOT NULL
      ) WITHOUT ROWID;`);
    const where = 'kind = ? AND subject = ? AND provider = ? AND resource = ?';
    this.#get = this.#db.prepare(`SELECT record FROM vault_entries WHERE ${where}`);
    this.#put = this.#db.prepare(
      `INSERT INTO vault_entries (kind, subject, provider, resource, record) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (kind, subject, provider, resource) DO UPDATE SET record = excluded.record`,
    );
    this.#delete = this.#db.prepare(`DELETE FROM vault_entries WHERE ${where}`);
    this.#cas = this.#db.prepare(
      `UPDATE vault_entries SET record = ? WHERE ${where} AND record = ?`,
    );
    this.#insertIfAbsent = this.#db.prepare(
      `INSERT OR IGNORE INTO vault_entries (kind, subject, provider, resource, record) VALUES (?, ?, ?, ?, ?)`,
    );
    const purge = this.#db.prepare('DELETE FROM vault_locks WHERE name = ? AND expires_at <= ?');
    const insert = this.#db.prepare(
      'INSERT OR IGNORE INTO vault_locks (name, token, expires_at) VALUES (?, ?, ?)',
    );
    // IMMEDIATE takes the write lock up front, so two processes cannot both see the lock free.
    const acquire = this.#db.transaction(
      (name: string, token: string, now: number, until: number) => {
        purge.run(name, now);
        return insert.run(name, token, until).changes === 1;
      },
    );
    this.#acquire = (name, token, now, until) => acquire.immediate(name, token, now, until);
    this.#release = this.#db.prepare('DELETE FROM vault_locks WHERE name = ? AND token = ?');
  }

  async get(key: VaultEntryKey): Promise<string | undefined> {
    return this.#get.get(key.kind, key.subject, key.provider, key.resource)?.record;
  }

  async put(key: VaultEntryKey, record: string): Promise<void> {
    this.#put.run(key.kind, key.subject, key.provider, key.resource, record);
  }

  async delete(key: VaultEntryKey): Promise<void> {
    this.#delete.run(key.kind, key.subject, key.provider, key.resource);
  }

  async compareAndSet(
    key: VaultEntryKey,
    expected: string | undefined,
    next: string,
  ): Promise<boolean> {
    const result =
      expected === undefined
        ? this.#insertIfAbsent.run(key.kind, key.subject, key.provider, key.resource, next)
        : this.#cas.run(next, key.kind, key.subject, key.provider, key.resource, expected);
    return result.changes === 1;
  }

  async *keys(): AsyncIterable<VaultEntryKey> {
    // Read all keys first: better-sqlite3 forbids writes on a connection mid-iteration.
    const rows = this.#db
      .prepare<[], EntryRow>('SELECT kind, subject, provider, resource FROM vault_entries')
      .all();
    yield* rows;
  }

  async acquireLock(name: string, ttlMs: number): Promise<string | undefined> {
    const token = randomUUID();
    const now = Date.now();
    return this.#acquire(name, token, now, now + ttlMs) ? token : undefined;
  }

  async releaseLock(name: string, token: string): Promise<void> {
    this.#release.run(name, token);
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}

/** Opens a token vault on a SQLite file. */
export function openSqliteVault(
  path: string,
  keys: KeyRing,
  options?: SqliteVaultStoreOptions,
): TokenVault {
  return new TokenVault(new SqliteVaultStore(path, options), keys);
}
