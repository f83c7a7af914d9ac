import { describe, expect, it } from 'vitest';
import { readCallAuthorization } from './parse.js';
import {
  isCanonicalBase64url,
  isCanonicalCompactJws,
  MAX_TOKEN_LENGTH,
  tokenFormProblem,
} from './token-form.js';

const segment = (bytes: number[]) => Buffer.from(bytes).toString('base64url');
const header = Buffer.from('{"alg":"RS256","typ":"at+jwt"}').toString('base64url');
const payload = Buffer.from('{"sub":"alice","exp":1}').toString('base64url');
// 32 bytes: 43 characters, the last one carrying 4 unused bits.
const signature = segment(Array.from({ length: 32 }, (_, i) => i * 7));
const jws = `${header}.${payload}.${signature}`;
const read = (token: string) =>
  readCallAuthorization({ authorization: { method: 'oauth2', token } });

describe('class 1, one token one spelling: the _meta read accepts only the canonical form', () => {
  it('accepts a canonical JWS and a plain opaque token', () => {
    expect(read(jws)).toEqual({ kind: 'present', method: 'oauth2', token: jws });
    expect(read('opaque-Key_123=')).toMatchObject({ kind: 'present' });
  });

  it.each([
    ['a trailing space', `${jws} `],
    ['a leading space', ` ${jws}`],
    ['a trailing newline', `${jws}\n`],
    ['a trailing CRLF', `${jws}\r\n`],
    ['a tab inside', `${header}.\t${payload}.${signature}`],
    ['== padding on the signature', `${jws}==`],
    ['= padding on the payload', `${header}.${payload}=.${signature}`],
    ['a non-zero unused bit in the signature', `${jws.slice(0, -1)}${nudged(signature)}`],
    ['standard base64 characters', `${header}.${payload}.${signature.slice(0, -2)}+/`],
    ['a NUL byte', `${jws}\u0000`],
  ])('refuses a JWS with %s', (_what, spelling) => {
    expect(spelling).not.toBe(jws);
    expect(read(spelling).kind).toBe('noncanonical');
  });

  it('refuses opaque tokens with surrounding whitespace or control characters, and over-long ones', () => {
    expect(read(' key-123')).toMatchObject({
      kind: 'noncanonical',
      problem: 'whitespace_or_control',
    });
    expect(read('key-123\n')).toMatchObject({ kind: 'noncanonical' });
    expect(read('key\u007f123')).toMatchObject({ kind: 'noncanonical' });
    expect(read('x'.repeat(MAX_TOKEN_LENGTH + 1))).toMatchObject({
      kind: 'noncanonical',
      problem: 'too_long',
    });
    expect(read('x'.repeat(MAX_TOKEN_LENGTH)).kind).toBe('present');
  });

  it('still answers absent before judging the spelling', () => {
    expect(read('')).toEqual({ kind: 'absent' });
    expect(readCallAuthorization({ authorization: { token: ' x' } })).toEqual({
      kind: 'malformed',
    });
  });

  it('takes its spelling verdict from the check a caller passes (a cache of verdicts)', () => {
    const asked: string[] = [];
    const check = (token: string) => {
      asked.push(token);
      return token === 'kept-bad' ? ('whitespace_or_control' as const) : undefined;
    };
    const meta = (token: string) => ({ authorization: { method: 'oauth2', token } });
    expect(readCallAuthorization(meta('kept-bad'), check)).toEqual({
      kind: 'noncanonical',
      problem: 'whitespace_or_control',
    });
    // The passed check decides; the default one would refuse this spelling.
    expect(readCallAuthorization(meta(` ${jws}`), check)).toMatchObject({ kind: 'present' });
    expect(asked).toEqual(['kept-bad', ` ${jws}`]);
    // Shape problems come first and never reach the check.
    readCallAuthorization({ authorization: { token: 'x' } }, check);
    expect(asked).toHaveLength(2);
  });
});

/** The same 6-bit value with its lowest bit set: decodes to the same bytes under a lenient decoder. */
function nudged(seg: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const value = alphabet.indexOf(seg.at(-1) ?? 'A');
  return alphabet[value | 1] ?? 'B';
}

describe('canonical base64url', () => {
  it('matches what an encoder writes, for every length and every last character', () => {
    for (let length = 0; length < 40; length++) {
      const bytes = Array.from({ length }, (_, i) => (i * 37 + length) % 256);
      const canonical = segment(bytes);
      expect(isCanonicalBase64url(canonical)).toBe(true);
      // Every other spelling that Buffer decodes to the same bytes is refused.
      for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') {
        if (canonical.length === 0) break;
        const variant = canonical.slice(0, -1) + c;
        if (variant === canonical) continue;
        const same = Buffer.from(variant, 'base64url').equals(Buffer.from(bytes));
        if (same) expect(isCanonicalBase64url(variant)).toBe(false);
      }
    }
    expect(isCanonicalBase64url('A')).toBe(false);
    expect(isCanonicalBase64url('AA==')).toBe(false);
  });

  it('knows a compact JWS from other shapes', () => {
    expect(isCanonicalCompactJws(jws)).toBe(true);
    expect(isCanonicalCompactJws(`${header}.${payload}.`)).toBe(true);
    expect(isCanonicalCompactJws(`${header}..${signature}`)).toBe(false);
    expect(isCanonicalCompactJws(`${header}.${payload}`)).toBe(false);
    expect(isCanonicalCompactJws(`${jws}.x`)).toBe(false);
    expect(tokenFormProblem(jws)).toBeUndefined();
  });
});
