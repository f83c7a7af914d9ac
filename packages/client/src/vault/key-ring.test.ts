import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ToolscopeError } from '@toolscope/core';
import { describe, expect, it } from 'vitest';
import { KeyRing } from './key-ring.js';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('KeyRing', () => {
  const k1 = KeyRing.generateKey();
  const k2 = KeyRing.generateKey();

  it('seals with the first key and opens with any key in the ring', () => {
    const old = KeyRing.parse(`k1:${b64(k1)}`);
    const sealed = old.seal('secret', 'aad');
    expect(KeyRing.kidOf(sealed)).toBe('k1');
    const rotated = KeyRing.fromEnv('KEYS', { KEYS: `k2:${b64(k2)}, k1:${b64(k1)}` });
    expect(rotated.currentKid).toBe('k2');
    expect(rotated.open(sealed, 'aad')).toBe('secret');
    expect(KeyRing.kidOf(rotated.seal('secret', 'aad'))).toBe('k2');
  });

  it('uses a fresh IV for every seal', () => {
    const ring = new KeyRing([{ kid: 'a', key: k1 }]);
    expect(ring.seal('same', 'aad')).not.toBe(ring.seal('same', 'aad'));
  });

  it('rejects a different AAD, a flipped byte and a relabelled key id', () => {
    const ring = new KeyRing([
      { kid: 'a', key: k1 },
      { kid: 'b', key: k1 },
    ]);
    const sealed = ring.seal('secret', 'aad');
    expect(() => ring.open(sealed, 'other')).toThrow(/altered or moved/);
    const [v, kid, iv, body] = sealed.split('.') as [string, string, string, string];
    const bytes = Buffer.from(body, 'base64url');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    expect(() => ring.open([v, kid, iv, bytes.toString('base64url')].join('.'), 'aad')).toThrow(
      ToolscopeError,
    );
    // Same key bytes under another id: the id is authenticated, so this fails too.
    expect(() => ring.open(['v1', 'b', iv, body].join('.'), 'aad')).toThrow(/altered or moved/);
  });

  it('reads a key file with comments and newlines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-keys-'));
    const file = join(dir, 'keys');
    writeFileSync(file, `# current first\nk2:${b64(k2)}\nk1:${b64(k1)}\n`);
    expect(KeyRing.fromFile(file).kids).toEqual(['k2', 'k1']);
  });

  it('refuses short keys, bad ids, duplicates and an empty ring', () => {
    expect(() => KeyRing.parse(`k:${b64(new Uint8Array(16))}`)).toThrow(/32/);
    expect(() => KeyRing.parse(`bad.id:${b64(k1)}`)).toThrow(/key id/);
    expect(() => KeyRing.parse(`a:${b64(k1)},a:${b64(k2)}`)).toThrow(/twice/);
    expect(() => KeyRing.fromEnv('NOPE', {})).toThrow(/NOPE/);
  });

  it('never reveals key bytes through String, JSON or inspect', () => {
    const ring = KeyRing.parse(`k2:${b64(k2)},k1:${b64(k1)}`);
    const shown = [
      String(ring),
      JSON.stringify(ring),
      inspect(ring, { showHidden: true, depth: 9 }),
    ];
    for (const text of shown) {
      expect(text).toContain('k2');
      for (const key of [k1, k2]) {
        expect(text).not.toContain(b64(key));
        expect(text).not.toContain(Buffer.from(key).toString('hex'));
      }
    }
  });
});
