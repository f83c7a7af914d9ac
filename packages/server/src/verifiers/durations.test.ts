import { describe, expect, it } from 'vitest';
import { createToolTokenVerifier, durationMs } from './index.js';

const target = {
  providerId: 'p',
  issuer: 'https://issuer.example',
  audience: 'https://api.example',
};

describe('duration options end in Ms; the …Seconds spellings are deprecated aliases', () => {
  it('reads either spelling, ms winning when both agree', () => {
    expect(durationMs(1500, undefined, 'x', 'p')).toBe(1500);
    expect(durationMs(undefined, 2, 'x', 'p')).toBe(2000);
    expect(durationMs(3000, 3, 'x', 'p')).toBe(3000);
    expect(durationMs(undefined, undefined, 'x', 'p')).toBeUndefined();
  });

  it('refuses two spellings that disagree, and a negative duration, naming the provider', () => {
    expect(() => durationMs(1000, 2, 'cacheTtl', 'crm')).toThrow(
      /Provider "crm" sets both cacheTtlMs \(1000\) and the deprecated cacheTtlSeconds \(2\)/,
    );
    expect(() => durationMs(-1, undefined, 'cacheTtl', 'crm')).toThrow(
      /cacheTtlMs must be a non-negative/,
    );
  });

  it('checks clockToleranceMs against the 60 s limit when the verifier is built', () => {
    const jwt = { kind: 'jwt' as const, jwksUri: 'http://127.0.0.1:9/jwks', algorithms: ['RS256'] };
    expect(() => createToolTokenVerifier({ ...jwt, clockToleranceMs: 61_000 }, target)).toThrow(
      /clockToleranceMs must be between 0 and 60000/,
    );
    expect(() =>
      createToolTokenVerifier({ ...jwt, clockToleranceMs: 5_000 }, target),
    ).not.toThrow();
    expect(() =>
      createToolTokenVerifier(
        { ...jwt, clockToleranceMs: 5_000, clockToleranceSeconds: 6 },
        target,
      ),
    ).toThrow(/differ/);
  });
});
