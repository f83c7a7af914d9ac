import type { ServerResponse } from 'node:http';
import { AUTH_ERROR_REASONS } from '@toolscope/core';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingServer, reasonOf } from '../../test/counting-server.js';
import { createToolTokenVerifier } from './index.js';
import { createIntrospectionVerifier } from './introspection.js';
import { createJwtVerifier } from './jwt.js';

const ISSUER = 'https://issuer.hardening.example';
const AUDIENCE = 'https://api.hardening.example';

let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let jwk: Record<string, unknown>;
beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  privateKey = pair.privateKey;
  jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
});

const sign = (kid = 'k1') =>
  new SignJWT({ scope: 'a', sub: 'carol' })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime('5m')
    .sign(privateKey);

const jwtFor = (jwksUri: string, extra: { jwksCooldownSeconds?: number; jwksTimeoutMs?: number }) =>
  createJwtVerifier({
    jwksUri,
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: ['ES256'],
    jwksCooldownSeconds: 30,
    ...extra,
  });

describe('class 1, one token one spelling: the jwt verifier pre-checks the compact form', () => {
  let jwks: Awaited<ReturnType<typeof countingServer>>;
  beforeAll(async () => {
    jwks = await countingServer((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: [jwk] }));
    });
  });
  afterAll(() => jwks.close());

  it('accepts the token as signed and refuses every other spelling before verifying it', async () => {
    const verify = jwtFor(jwks.url, {});
    const token = await sign();
    await expect(verify(token)).resolves.toMatchObject({ subject: 'carol' });
    const fetchesBefore = jwks.requests();
    const [h, p, s] = token.split('.') as [string, string, string];
    const lastBitFlipped = s.slice(0, -1) + String.fromCharCode(s.charCodeAt(s.length - 1) ^ 1);
    for (const spelling of [
      `${token} `,
      `${token}\n`,
      ` ${token}`,
      `${token}==`,
      `${h}=.${p}.${s}`,
      `${h}.${p}=.${s}`,
      `${h}.${p}.${s.replaceAll('-', '+').replaceAll('_', '/')}`,
      `${h}.${p}.${lastBitFlipped}`,
    ]) {
      if (spelling === token) continue;
      expect(await reasonOf(verify(spelling))).toBe(AUTH_ERROR_REASONS.notCanonical);
    }
    expect(jwks.requests()).toBe(fetchesBefore);
  });
});

describe('class 1, one token one spelling: every configured verifier refuses other spellings', () => {
  it('an introspection or custom verifier (connection tokens too) is never asked about them', async () => {
    const endpoint = await countingServer((_req, res) => res.writeHead(500).end());
    let asked = 0;
    try {
      const verifiers = [
        createToolTokenVerifier(
          { kind: 'introspection', endpoint: endpoint.url },
          { providerId: 'p', audience: AUDIENCE },
        ),
        createToolTokenVerifier(
          {
            kind: 'custom',
            verify: () => {
              asked++;
              return { scopes: [], verifiedBy: 'custom' };
            },
          },
          { providerId: 'p' },
        ),
      ];
      for (const verify of verifiers) {
        for (const spelling of [
          ' opaque-key',
          'opaque-key\n',
          'opaque\u0000key',
          'x'.repeat(20_000),
        ]) {
          expect(await reasonOf(verify(spelling, { tool: 't' }))).toBe(
            AUTH_ERROR_REASONS.notCanonical,
          );
        }
      }
      expect(endpoint.requests()).toBe(0);
      expect(asked).toBe(0);
    } finally {
      endpoint.close();
    }
  });
});

describe('class 2, failures are cached: a failing JWKS is not asked again within its cooldown', () => {
  it.each([
    ['answers 500', (res: ServerResponse) => res.writeHead(500).end('oops')],
    ['answers garbage', (res: ServerResponse) => res.writeHead(200).end('{"keys": [1, 2')],
    ['answers a non-key-set', (res: ServerResponse) => res.writeHead(200).end('{"keys": "no"}')],
    ['hangs (timeout)', (_res: ServerResponse) => undefined],
  ])('when it %s: 25 calls, then 25 concurrent calls, make one request', async (_what, answer) => {
    const jwks = await countingServer((_req, res) => answer(res));
    try {
      const verify = jwtFor(jwks.url, { jwksTimeoutMs: 200 });
      const token = await sign();
      for (let i = 0; i < 25; i++) {
        expect(await reasonOf(verify(token))).toBe(AUTH_ERROR_REASONS.keySetUnavailable);
      }
      const burst = await Promise.all(Array.from({ length: 25 }, () => reasonOf(verify(token))));
      expect(new Set(burst)).toEqual(new Set([AUTH_ERROR_REASONS.keySetUnavailable]));
      expect(jwks.requests()).toBe(1);
      expect(verify.keySet.fetches()).toBe(1);
    } finally {
      jwks.close();
    }
  });

  it('after the endpoint goes down, unknown kids do not refetch within the cooldown', async () => {
    let up = true;
    const jwks = await countingServer((_req, res) => {
      if (up) res.writeHead(200).end(JSON.stringify({ keys: [jwk] }));
      else res.writeHead(503).end();
    });
    try {
      const verify = jwtFor(jwks.url, {});
      await expect(verify(await sign())).resolves.toMatchObject({ subject: 'carol' });
      up = false;
      const unknown = await sign('k-unknown');
      const reasons = await Promise.all(
        Array.from({ length: 50 }, () => reasonOf(verify(unknown))),
      );
      expect(new Set(reasons)).toEqual(new Set([AUTH_ERROR_REASONS.signingKeyUnknown]));
      // The first fetch, and nothing more: the cooldown covers the unknown kid.
      expect(jwks.requests()).toBe(1);
      // Known keys keep working from the key set already held.
      await expect(verify(await sign())).resolves.toMatchObject({ subject: 'carol' });
    } finally {
      jwks.close();
    }
  });

  it('with a cooldown of 0, a failure is still remembered for a second', async () => {
    const jwks = await countingServer((_req, res) => res.writeHead(500).end());
    try {
      const verify = jwtFor(jwks.url, { jwksCooldownSeconds: 0 });
      const token = await sign();
      for (let i = 0; i < 20; i++) await reasonOf(verify(token));
      expect(jwks.requests()).toBe(1);
    } finally {
      jwks.close();
    }
  });
});

describe('class 2, failures are cached: a failing introspection endpoint is left alone', () => {
  it.each([
    ['answers 500', (res: ServerResponse) => res.writeHead(500).end('oops')],
    ['answers 401 (bad client credentials)', (res: ServerResponse) => res.writeHead(401).end()],
    ['answers garbage', (res: ServerResponse) => res.writeHead(200).end('[1,2')],
    ['hangs (timeout)', (_res: ServerResponse) => undefined],
  ])('when it %s: 25 calls with different tokens make one request', async (_what, answer) => {
    const endpoint = await countingServer((_req, res) => answer(res));
    try {
      const verify = createIntrospectionVerifier({
        endpoint: endpoint.url,
        audience: AUDIENCE,
        timeoutMs: 200,
        failureCooldownMs: 30_000,
      });
      const reasons: string[] = [];
      for (let i = 0; i < 25; i++) reasons.push(await reasonOf(verify(`opaque-token-${i}`)));
      reasons.push(
        ...(await Promise.all(
          Array.from({ length: 25 }, (_, i) => reasonOf(verify(`burst-token-${i}`))),
        )),
      );
      expect(new Set(reasons)).toEqual(new Set([AUTH_ERROR_REASONS.introspectionUnavailable]));
      expect(endpoint.requests()).toBe(1);
    } finally {
      endpoint.close();
    }
  });

  it('after the cooldown one call probes; success closes the circuit', async () => {
    let up = false;
    const exp = Math.floor(Date.now() / 1000) + 600;
    const endpoint = await countingServer((_req, res) => {
      if (!up) return res.writeHead(502).end();
      res.writeHead(200).end(JSON.stringify({ active: true, exp, aud: AUDIENCE, scope: 'a' }));
    });
    try {
      const verify = createIntrospectionVerifier({
        endpoint: endpoint.url,
        audience: AUDIENCE,
        failureCooldownMs: 100,
      });
      expect(await reasonOf(verify('t1'))).toBe(AUTH_ERROR_REASONS.introspectionUnavailable);
      await new Promise((r) => setTimeout(r, 150));
      up = true;
      const [probe, ...rest] = await Promise.all(
        ['t2', 't3', 't4'].map((t) => reasonOf(verify(t))),
      );
      expect(probe).toBe('accepted');
      expect(rest).toEqual([
        AUTH_ERROR_REASONS.introspectionUnavailable,
        AUTH_ERROR_REASONS.introspectionUnavailable,
      ]);
      expect(await reasonOf(verify('t5'))).toBe('accepted');
      expect(endpoint.requests()).toBe(3);
    } finally {
      endpoint.close();
    }
  });

  it('a 400 about one token refuses that call only, without a cooldown for everyone', async () => {
    const endpoint = await countingServer((_req, res) => res.writeHead(400).end());
    try {
      const verify = createIntrospectionVerifier({ endpoint: endpoint.url, audience: AUDIENCE });
      for (let i = 0; i < 3; i++) {
        expect(await reasonOf(verify(`t${i}`))).toBe(AUTH_ERROR_REASONS.introspectionFailed);
      }
      expect(endpoint.requests()).toBe(3);
    } finally {
      endpoint.close();
    }
  });
});
