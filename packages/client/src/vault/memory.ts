import { randomUUID } from 'node:crypto';
import {
  entryKeyString,
  parseEntryKeyString,
  type VaultEntryKey,
  type VaultStore,
} from './store.js';

/** An in-process store for tests: nothing survives the process, locks hold only within it. */
export class MemoryVaultStore implements VaultStore {
  readonly #records = new Map<string, string>();
  readonly #locks = new Map<string, { token: string; until: number }>();

  async get(key: VaultEntryKey): Promise<string | undefined> {
    return this.#records.get(entryKeyString(key));
  }

  async put(key: VaultEntryKey, record: string): Promise<void> {
    this.#records.set(entryKeyString(key), record);
  }

  async delete(key: VaultEntryKey): Promise<void> {
    this.#records.delete(entryKeyString(key));
  }

  async compareAndSet(
    key: VaultEntryKey,
    expected: string | undefined,
    next: string,
  ): Promise<boolean> {
    const k = entryKeyString(key);
    if (this.#records.get(k) !== expected) return false;
    this.#records.set(k, next);
    return true;
  }

  async *keys(): AsyncIterable<VaultEntryKey> {
    for (const k of [...this.#records.keys()]) {
      const key = parseEntryKeyString(k);
      if (key !== undefined) yield key;
    }
  }

  async acquireLock(name: string, ttlMs: number): Promise<string | undefined> {
    const held = this.#locks.get(name);
    if (held !== undefined && held.until > Date.now()) return undefined;
    const token = randomUUID();
    this.#locks.set(name, { token, until: Date.now() + ttlMs });
    return token;
  }

  async releaseLock(name: string, token: string): Promise<void> {
    if (this.#locks.get(name)?.token === token) this.#locks.delete(name);
  }

  async close(): Promise<void> {}
}
