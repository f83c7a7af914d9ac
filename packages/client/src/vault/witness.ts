import { entryKeyString, type VaultEntryKey } from './store.js';

/**
 * Where the vault keeps the highest version it has seen of each entry, so that
 * an older record put back into the store is detected (issue 11, class 6). It
 * must live outside the store: whoever can write the store could roll back a
 * counter kept there together with the record.
 */
export interface VersionWitness {
  /** The highest version known for an entry, or undefined. */
  highest(key: VaultEntryKey): Promise<number | undefined>;
  /** Records that `version` of an entry exists; never lowers what is known. */
  advance(key: VaultEntryKey, version: number): Promise<void>;
}

/**
 * The default witness: the vault instance's memory. It detects a rollback of
 * any entry this instance has read or written since it started; a fresh
 * process trusts the versions it first reads. Give the vault a witness backed
 * by other storage for protection across restarts.
 */
export class MemoryVersionWitness implements VersionWitness {
  readonly #highest = new Map<string, number>();

  async highest(key: VaultEntryKey): Promise<number | undefined> {
    return this.#highest.get(entryKeyString(key));
  }

  async advance(key: VaultEntryKey, version: number): Promise<void> {
    const k = entryKeyString(key);
    if ((this.#highest.get(k) ?? -1) < version) this.#highest.set(k, version);
  }
}
