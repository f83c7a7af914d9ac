import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCallAuthorization } from './parse.js';
import { missingScopes, parseScopeString, scopesFromClaims } from './scopes.js';
import { tokenFormProblem } from './token-form.js';

// Bounded runs: each property finishes in well under a few seconds on a shared core.
const RUNS = { numRuns: 400, interruptAfterTimeLimit: 4000 } as const;
const KINDS = ['absent', 'malformed', 'noncanonical', 'present'];

describe('property-based: the _meta parser never throws and never hangs', {
  timeout: 20_000,
}, () => {
  it('reads any JSON value as one of its four outcomes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (meta) => {
        expect(KINDS).toContain(readCallAuthorization(meta).kind);
      }),
      RUNS,
    );
  });

  it('reads mutated authorization objects, hostile prototypes included', () => {
    const hostile = fc.oneof(
      fc.anything(),
      fc.constant(Object.create(null)),
      fc.constant({ toString: () => 'x' }),
      fc.string(),
    );
    fc.assert(
      fc.property(hostile, hostile, fc.boolean(), (method, token, asArray) => {
        const authorization = asArray ? [method, token] : { method, token };
        const reading = readCallAuthorization({ authorization });
        expect(KINDS).toContain(reading.kind);
        if (reading.kind === 'present') {
          expect(typeof reading.token).toBe('string');
          expect(tokenFormProblem(reading.token)).toBeUndefined();
        }
      }),
      RUNS,
    );
  });

  it('never lets a token with surrounding whitespace through, whatever its body', () => {
    const pad = fc.constantFrom(' ', '\n', '\t', '\r\n', '\u00a0', '\u2028');
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), pad, fc.boolean(), (body, space, before) => {
        const token = before ? `${space}${body}` : `${body}${space}`;
        const reading = readCallAuthorization({ authorization: { method: 'oauth2', token } });
        expect(reading.kind).toBe('noncanonical');
      }),
      RUNS,
    );
  });
});

describe('property-based: the scope parser never throws and round-trips', {
  timeout: 20_000,
}, () => {
  it('splits any string into non-empty, space-free scopes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const scopes = parseScopeString(text);
        for (const scope of scopes) {
          expect(scope.length).toBeGreaterThan(0);
          expect(scope).not.toContain(' ');
        }
        expect(parseScopeString(scopes.join(' '))).toEqual(scopes);
      }),
      RUNS,
    );
  });

  it('reads scopes from any claims object and matches exactly', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.array(fc.string()),
        (claims, required) => {
          const granted = scopesFromClaims(claims);
          for (const scope of granted) expect(typeof scope).toBe('string');
          const missing = missingScopes(required, granted);
          for (const scope of missing) expect(granted).not.toContain(scope);
        },
      ),
      RUNS,
    );
  });
});
