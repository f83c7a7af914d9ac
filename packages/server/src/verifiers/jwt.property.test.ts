import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isCanonicalCompactJws, tokenFormProblem } from '@toolscope/core';
import fc from 'fast-check';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenVerificationError } from '../errors.js';
import { createJwtVerifier, type JwtVerifier } from './jwt.js';

const RUNS = { numRuns: 250, interruptAfterTimeLimit: 4000 } as const;
const ISSUER = 'https://issuer.property.example';
const AUDIENCE = 'https://api.property.example';
let verify: JwtVerifier;
let valid: string;
let close: () => void;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
  const server = createServer((_req, res) => res.end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  close = () => {
    server.closeAllConnections();
    server.close();
  };
  verify = createJwtVerifier({
    jwksUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`,
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: ['ES256'],
  });
  valid = await new SignJWT({ scope: 'a' })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'at+jwt' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime('5m')
    .sign(pair.privateKey);
  await verify(valid);
});
afterAll(() => close());

/** Resolves to 'accepted' or the rejection's reason; anything but a TokenVerificationError fails. */
async function outcome(token: string): Promise<string> {
  try {
    await verify(token);
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(TokenVerificationError);
    return (error as TokenVerificationError).reason;
  }
}

const segment = fc.string({ unit: fc.constantFrom(...'AZaz09-_+/=. \n'.split('')), maxLength: 40 });

describe('property-based: the JWT pre-checks never throw an unexpected error and never hang', {
  timeout: 20_000,
}, () => {
  it('the canonical-form checks answer any string', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary-ascii', maxLength: 120 }),
          fc.string({ unit: 'grapheme', maxLength: 120 }),
        ),
        (text) => {
          expect(typeof isCanonicalCompactJws(text)).toBe('boolean');
          const problem = tokenFormProblem(text);
          expect(problem === undefined || typeof problem === 'string').toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('the verifier refuses random three-part strings with a reason', async () => {
    await fc.assert(
      fc.asyncProperty(segment, segment, segment, async (a, b, c) => {
        expect(await outcome(`eyJ${a}.${b}.${c}`)).not.toBe('accepted');
      }),
      RUNS,
    );
  });

  it('accepts the signed token only in its own spelling: every one-character mutation is refused', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(valid.length),
        fc.constantFrom(...'ABab09-_+/=. \n\t'.split('')),
        fc.constantFrom('replace', 'insert'),
        async (at, c, how) => {
          const mutated =
            how === 'insert'
              ? valid.slice(0, at) + c + valid.slice(at)
              : valid.slice(0, at) + c + valid.slice(at + 1);
          if (mutated === valid) return;
          expect(await outcome(mutated)).not.toBe('accepted');
        },
      ),
      RUNS,
    );
  });
});
