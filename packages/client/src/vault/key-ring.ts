import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ClientError } from '../errors.js';

/** The environment variable the vault reads its keys from by default. */
export const VAULT_KEYS_ENV = 'TOOLSCOPE_VAULT_KEYS';

const KID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const SEALED_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** One key of a key ring, as given to its constructor: an id and 32 raw bytes. */
export interface VaultKey {
  readonly kid: string;
  readonly key: Uint8Array;
}

/**
 * AES-256-GCM keys with ids. The first key seals new values; every key opens
 * values sealed under it, so keys rotate without loss. Key bytes live in a
 * private field and never show in `toString`, `toJSON` or `util.inspect`.
 */
export class KeyRing {
  readonly #keys = new Map<string, KeyObject>();
  readonly #current: string;

  /** Keys newest first: the first one seals new values. */
  constructor(keys: readonly VaultKey[]) {
    const first = keys[0];
    if (first === undefined) {
      throw new ClientError('VAULT_KEY_MISSING', 'A key ring needs at least one key.', {
        hint: `Set ${VAULT_KEYS_ENV}="kid1:<base64 of 32 random bytes>".`,
      });
    }
    for (const { kid, key } of keys) {
      if (!KID_PATTERN.test(kid)) {
        throw new ClientError('CONFIG_INVALID', 'A vault key id must match [A-Za-z0-9_-]{1,64}.');
      }
      if (key.byteLength !== 32) {
        // The length is safe to report; the bytes are not.
        throw new ClientError(
          'CONFIG_INVALID',
          `Vault key "${kid}" has ${key.byteLength} bytes; AES-256 needs 32.`,
          { hint: 'Generate one with: openssl rand -base64 32' },
        );
      }
      if (this.#keys.has(kid)) {
        throw new ClientError('CONFIG_INVALID', `Vault key id "${kid}" appears twice.`);
      }
      this.#keys.set(kid, createSecretKey(Buffer.from(key)));
    }
    this.#current = first.kid;
  }

  /** Parses `kid1:base64,kid2:base64` (commas or newlines, `#` comments), newest first. */
  static parse(spec: string): KeyRing {
    const keys: VaultKey[] = [];
    for (const raw of spec.split(/[\n,]/)) {
      const entry = raw.replace(/#.*$/, '').trim();
      if (entry.length === 0) continue;
      const colon = entry.indexOf(':');
      if (colon <= 0) {
        throw new ClientError('CONFIG_INVALID', 'A vault key entry must read "kid:base64key".');
      }
      keys.push({
        kid: entry.slice(0, colon),
        key: Buffer.from(entry.slice(colon + 1), 'base64'),
      });
    }
    return new KeyRing(keys);
  }

  /** Reads the keys from an environment variable (default `TOOLSCOPE_VAULT_KEYS`). */
  static fromEnv(name: string = VAULT_KEYS_ENV, env: NodeJS.ProcessEnv = process.env): KeyRing {
    const spec = env[name];
    if (spec === undefined || spec.trim().length === 0) {
      throw new ClientError('VAULT_KEY_MISSING', `The environment variable ${name} is not set.`, {
        hint: `Set ${name}="kid1:<base64 of 32 random bytes>" (openssl rand -base64 32).`,
      });
    }
    return KeyRing.parse(spec);
  }

  /** Reads the keys from a file in the same format as the environment variable. */
  static fromFile(path: string): KeyRing {
    let spec: string;
    try {
      spec = readFileSync(path, 'utf8');
    } catch (cause) {
      throw new ClientError('VAULT_KEY_MISSING', 'The vault key file could not be read.', {
        location: { file: path },
        cause,
      });
    }
    return KeyRing.parse(spec);
  }

  /** Generates a fresh random 32-byte key, for tests and first-time setup. */
  static generateKey(): Uint8Array {
    return new Uint8Array(randomBytes(32));
  }

  /** Id of the key that seals new values. */
  get currentKid(): string {
    return this.#current;
  }

  /** Every key id, current first. */
  get kids(): string[] {
    return [...this.#keys.keys()];
  }

  /** Encrypts with the current key and a fresh IV; `aad` binds the value to its place. */
  seal(plaintext: string, aad: string): string {
    const key = this.#keys.get(this.#current)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    // The kid is authenticated too, so a relabelled ciphertext fails to open.
    cipher.setAAD(Buffer.from(`${this.#current}\n${aad}`, 'utf8'));
    const body = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return [
      SEALED_VERSION,
      this.#current,
      iv.toString('base64url'),
      body.toString('base64url'),
    ].join('.');
  }

  /** The key id a sealed value names, or undefined when it is not a sealed value. */
  static kidOf(sealed: string): string | undefined {
    const parts = sealed.split('.');
    return parts.length === 4 && parts[0] === SEALED_VERSION ? parts[1] : undefined;
  }

  /** Decrypts a sealed value; throws a ToolscopeError when it was tampered with or moved. */
  open(sealed: string, aad: string): string {
    const [version, kid, ivText, bodyText] = sealed.split('.');
    if (version !== SEALED_VERSION || kid === undefined || ivText === undefined || !bodyText) {
      throw new ClientError('VAULT_DECRYPT_FAILED', 'A vault value is not in the sealed format.');
    }
    const key = this.#keys.get(kid);
    if (key === undefined) {
      throw new ClientError('VAULT_KEY_MISSING', `No vault key with id "${kid}" is loaded.`, {
        hint: 'Keep retired keys in the ring until vault.rotate() has re-encrypted every entry.',
      });
    }
    const iv = Buffer.from(ivText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (iv.length !== IV_BYTES || body.length < TAG_BYTES) {
      throw new ClientError('VAULT_DECRYPT_FAILED', 'A vault value is truncated.');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(`${kid}\n${aad}`, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(body.subarray(0, body.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return plain.toString('utf8');
    } catch {
      // No cause: the cipher's own error says nothing useful and nothing secret, keep it that way.
      throw new ClientError(
        'VAULT_DECRYPT_FAILED',
        'A vault value failed authentication: it was altered or moved to another entry.',
      );
    }
  }

  /** Names the key ids only. */
  toString(): string {
    return `KeyRing(current=${this.#current}, kids=${this.kids.join(',')})`;
  }

  /** Serialises to key ids only, never key bytes. */
  toJSON(): { current: string; kids: string[] } {
    return { current: this.#current, kids: this.kids };
  }

  /** What `util.inspect` and `console.log` show. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
