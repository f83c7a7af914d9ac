import { describe, expect, it } from 'vitest';
import { containsToken, redactToken } from './redact.js';

describe('containsToken', () => {
  it('finds a token that JSON would escape, in values and in keys', () => {
    const token = 'abc"def\\ghi12345';
    expect(JSON.stringify({ echo: token }).includes(token)).toBe(false);
    expect(containsToken({ content: [{ type: 'text', text: `x ${token} y` }] }, token)).toBe(true);
    expect(containsToken({ nested: { [token]: 1 } }, token)).toBe(true);
    expect(containsToken({ content: [{ type: 'text', text: 'clean' }] }, token)).toBe(false);
  });
});

describe('redactToken', () => {
  it('cuts the whole token and runs of 8 characters copied from it', () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.payload.signature';
    expect(redactToken(`got ${token}!`, token)).toBe('got [redacted]!');
    expect(redactToken(`prefix ${token.slice(0, 12)} suffix`, token)).toBe(
      'prefix [redacted] suffix',
    );
    expect(redactToken('nothing here', token)).toBe('nothing here');
  });
});
