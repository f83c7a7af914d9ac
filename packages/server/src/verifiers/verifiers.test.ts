import { createPublicKey } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AuthServerHandle, startAuthServer } from '@toolscope/auth-server';
import { AUTH_ERROR_REASONS } from '@toolscope/core';
import {
  base64url,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CANARY } from '../../test/fixtures.js';
import { tokenFingerprint, VerifiedTokenCache } from './cache.js';
import { createToolTokenVerifier } from './index.js';
import { claimsFromIntrospection } from './introspection.js';

const ZOOM = 'https://api.zoom.example';
const INTROSPECTOR = { clientId: 'rs', clientSecret: 'rs-secret-0123456789abcdef' };
let as: AuthServerHandle;
let token: (scopes?: string[], resource?: string) => Promise<string>;

beforeAll(async () => {
  as = await startAuthServer({
    issuers: [
      {
        id: 'zoom',
        resources: [
          { indicator: ZOOM, scopes: ['meeting:read', 'meeting:write'] },
          { indicator: 'https://short.example', scopes: ['meeting:read'], accessTokenTtl: 1 },
          { indicator: 'https://other.example', scopes: ['meeting:read'] },
          { indicator: 'https://opaque.example', scopes: ['files:read'], format: 'opaque' },
        ],
        clients: [
          {
            ...INTROSPECTOR,
            authMethod: 'client_secret_basic',
            redirectUris: ['http://127.0.0.1/rs'],
          },
        ],
      },
      { id: 'crm', resources: [{ indicator: ZOOM, scopes: ['meeting:read'] }] },
    ],
  });
  token = async (scopes = ['meeting:read'], resource = ZOOM) =>
    (await as.issueToken({ issuer: 'zoom', user: 'alice', scopes, resource })).access_token;
});
afterAll(() => as.close());

function jwtVerifier(overrides: { issuer?: string; clockToleranceSeconds?: number } = {}) {
  return createToolTokenVerifier(
    {
      kind: 'jwt',
      jwksUri: `${as.issuer('zoom')}/jwks`,
      algorithms: ['RS256'],
      typ: 'at+jwt',
      jwksCooldownSeconds: 0,
      ...(overrides.clockToleranceSeconds === undefined
        ? {}
        : { clockToleranceSeconds: overrides.clockToleranceSeconds }),
    },
    { providerId: 'zoom', issuer: overrides.issuer ?? as.issuer('zoom'), audience: ZOOM },
  );
}

const ctx = { tool: 'zoom_listMeetings' };

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(
      JSON.stringify({ ...(error as object), message: (error as Error).message }),
    ).not.toContain(CANARY);
    return (error as { reason: string }).reason;
  }
  throw new Error('expected a rejection');
}

describe('jwt verifier against oidc-provider', () => {
  it('accepts a valid token and reads sub, scopes and exp', async () => {
    const claims = await jwtVerifier()(await token(['meeting:read', 'meeting:write']), ctx);
    expect(claims).toMatchObject({
      subject: 'alice',
      scopes: ['meeting:read', 'meeting:write'],
      verifiedBy: 'jwt',
    });
    expect(claims?.expiresAt?.getTime()).toBeGreaterThan(Date.now());
  });

  it('rejects an expired token', async () => {
    const short = createToolTokenVerifier(
      {
        kind: 'jwt',
        jwksUri: `${as.issuer('zoom')}/jwks`,
        algorithms: ['RS256'],
        clockToleranceSeconds: 0,
      },
      { providerId: 'zoom', issuer: as.issuer('zoom'), audience: 'https://short.example' },
    );
    const t = await token(['meeting:read'], 'https://short.example');
    await new Promise((r) => setTimeout(r, 2100));
    expect(await rejection(short(t, ctx))).toBe('Token expired');
  });

  it('rejects a wrong audience and a wrong issuer', async () => {
    expect(
      await rejection(jwtVerifier()(await token(['meeting:read'], 'https://other.example'), ctx)),
    ).toBe('Token audience mismatch');
    expect(await rejection(jwtVerifier({ issuer: as.issuer('crm') })(await token(), ctx))).toBe(
      'Token issuer mismatch',
    );
  });

  it('rejects a bad signature, alg none and HS256 keyed with the public key', async () => {
    const valid = await token();
    const [h, p, s] = valid.split('.') as [string, string, string];
    const payload = JSON.parse(new TextDecoder().decode(base64url.decode(p))) as Record<
      string,
      unknown
    >;
    const forged = base64url.encode(
      JSON.stringify({ ...payload, scope: 'meeting:read meeting:write admin' }),
    );
    expect(await rejection(jwtVerifier()(`${h}.${forged}.${s}`, ctx))).toBe(
      'Token signature invalid',
    );

    const none = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt' }))}.${p}.`;
    expect(await rejection(jwtVerifier()(none, ctx))).toBe('Token algorithm not allowed');

    const jwks = (await (await fetch(`${as.issuer('zoom')}/jwks`)).json()) as {
      keys: Record<string, string>[];
    };
    const kid = decodeProtectedHeader(valid).kid ?? '';
    const publicPem = createPublicKey({
      key: jwks.keys.find((k) => k.kid === kid)!,
      format: 'jwk',
    }).export({
      type: 'spki',
      format: 'pem',
    });
    const hs = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid })
      .sign(new TextEncoder().encode(String(publicPem)));
    expect(await rejection(jwtVerifier()(hs, ctx))).toBe('Token algorithm not allowed');
  });

  it('refuses none and HMAC algorithms at configuration time', () => {
    for (const alg of ['none', 'HS256']) {
      expect(() =>
        createToolTokenVerifier(
          { kind: 'jwt', jwksUri: 'http://127.0.0.1/jwks', algorithms: [alg] },
          { providerId: 'zoom', issuer: 'x', audience: 'y' },
        ),
      ).toThrow(expect.objectContaining({ code: 'VERIFIER_MISCONFIGURED' }));
    }
  });

  it('rejects an unknown kid, then accepts tokens signed after a JWKS rotation', async () => {
    const verify = jwtVerifier();
    await verify(await token(), ctx);
    const stranger = await generateKeyPair('RS256');
    const foreign = await new SignJWT({ scope: 'meeting:read' })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'not-published' })
      .setIssuer(as.issuer('zoom'))
      .setAudience(ZOOM)
      .setExpirationTime('5m')
      .sign(stranger.privateKey);
    expect(await rejection(verify(foreign, ctx))).toBe('Token signing key unknown');
    expect((await exportJWK(stranger.publicKey)).kty).toBe('RSA');

    const kid = await as.rotateKeys('zoom');
    const rotated = await token();
    expect(decodeProtectedHeader(rotated).kid).toBe(kid);
    await expect(verify(rotated, ctx)).resolves.toMatchObject({ subject: 'alice' });
  });
});

describe('jwt rules of wire-protocol.md §4 (locally signed tokens, local JWKS on loopback)', () => {
  const ISSUER = 'https://local-issuer.example';
  const AUDIENCE = 'https://api.local.example';
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  let jwksServer: ReturnType<typeof createServer>;
  let jwksUri: string;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwksServer = createServer((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    jwksUri = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`;
  });
  afterAll(() => {
    jwksServer.closeAllConnections();
    jwksServer.close();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const sign = (claims: JWTPayload, typ = 'at+jwt') =>
    new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'carol', scope: 'a', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ })
      .sign(privateKey);
  const local = (clockToleranceSeconds?: number) =>
    createToolTokenVerifier(
      {
        kind: 'jwt',
        jwksUri,
        algorithms: ['RS256'],
        typ: 'at+jwt',
        ...(clockToleranceSeconds === undefined ? {} : { clockToleranceSeconds }),
      },
      { providerId: 'local', issuer: ISSUER, audience: AUDIENCE },
    );

  it('accepts a well-formed token', async () => {
    await expect(local()(await sign({ exp: now() + 300, iat: now() }), ctx)).resolves.toMatchObject(
      { subject: 'carol', scopes: ['a'] },
    );
  });

  it('rejects a typ other than at+jwt and a token without exp', async () => {
    expect(await rejection(local()(await sign({ exp: now() + 300 }, 'JWT'), ctx))).toBe(
      AUTH_ERROR_REASONS.typeNotAccepted,
    );
    expect(await rejection(local()(await sign({ iat: now() }), ctx))).toBe(
      AUTH_ERROR_REASONS.noExpiry,
    );
  });

  it('refuses a leeway outside 0–60 s at configuration time, and caps what is accepted at 60 s', async () => {
    for (const bad of [120, 61, -1, Number.NaN]) {
      expect(() => local(bad)).toThrow(expect.objectContaining({ code: 'VERIFIER_MISCONFIGURED' }));
    }
    const verify = local(60);
    expect(await rejection(verify(await sign({ exp: now() - 90 }), ctx))).toBe(
      AUTH_ERROR_REASONS.expired,
    );
    await expect(verify(await sign({ exp: now() - 30 }), ctx)).resolves.toMatchObject({
      subject: 'carol',
    });
  });

  it('rejects a token issued in the future beyond the leeway', async () => {
    const verify = local(30);
    expect(await rejection(verify(await sign({ exp: now() + 600, iat: now() + 120 }), ctx))).toBe(
      AUTH_ERROR_REASONS.issuedInFuture,
    );
    await expect(
      verify(await sign({ exp: now() + 600, iat: now() + 10 }), ctx),
    ).resolves.toMatchObject({ subject: 'carol' });
  });
});

describe('introspection verifier', () => {
  it('accepts an active opaque token from oidc-provider introspection', async () => {
    const opaque = (
      await as.issueToken({
        issuer: 'zoom',
        user: 'bob',
        scopes: ['files:read'],
        resource: 'https://opaque.example',
      })
    ).access_token;
    const verify = createToolTokenVerifier(
      {
        kind: 'introspection',
        endpoint: `${as.issuer('zoom')}/token/introspection`,
        ...INTROSPECTOR,
      },
      { providerId: 'files', issuer: as.issuer('zoom'), audience: 'https://opaque.example' },
    );
    await expect(verify(opaque, ctx)).resolves.toMatchObject({
      subject: 'bob',
      scopes: ['files:read'],
      verifiedBy: 'introspection',
    });
    expect(await rejection(verify(CANARY, ctx))).toBe('Token inactive');
    const wrongAudience = createToolTokenVerifier(
      {
        kind: 'introspection',
        endpoint: `${as.issuer('zoom')}/token/introspection`,
        ...INTROSPECTOR,
      },
      { providerId: 'files', audience: 'https://elsewhere.example' },
    );
    expect(await rejection(wrongAudience(opaque, ctx))).toBe('Token audience mismatch');
  });

  it('fails closed on a timeout and on a malformed answer', async () => {
    let mode: 'hang' | 'garbage' = 'hang';
    const server = createServer((_req, res) => {
      if (mode === 'garbage')
        res.writeHead(200, { 'content-type': 'application/json' }).end('[1,2');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/introspect`;
    const verify = createToolTokenVerifier(
      { kind: 'introspection', endpoint, timeoutMs: 200 },
      { providerId: 'p', audience: 'https://api.local.example' },
    );
    expect(await rejection(verify(CANARY, ctx))).toBe('Introspection unavailable');
    mode = 'garbage';
    expect(await rejection(verify(CANARY, ctx))).toBe('Introspection unavailable');
    server.closeAllConnections();
    server.close();
  });
});

describe('introspection rules', () => {
  it('needs the provider resource at configuration time (no silent skip of the audience check)', () => {
    expect(() =>
      createToolTokenVerifier(
        { kind: 'introspection', endpoint: 'http://127.0.0.1/introspect' },
        { providerId: 'p' },
      ),
    ).toThrow(expect.objectContaining({ code: 'VERIFIER_MISCONFIGURED' }));
  });

  it('honours nbf, with the same leeway as exp', () => {
    const now = Date.now();
    const answer = (nbf: number) => ({
      active: true,
      exp: Math.floor(now / 1000) + 600,
      nbf,
      aud: 'https://api.local.example',
    });
    const settings = { endpoint: 'http://unused', audience: 'https://api.local.example' };
    expect(() =>
      claimsFromIntrospection(answer(Math.floor(now / 1000) + 300), settings, now),
    ).toThrow(expect.objectContaining({ reason: AUTH_ERROR_REASONS.notYetValid }));
    expect(
      claimsFromIntrospection(answer(Math.floor(now / 1000) + 10), settings, now).verifiedBy,
    ).toBe('introspection');
  });

  it('cancels the body of a non-OK answer instead of leaving the connection open', async () => {
    let closed!: () => void;
    const connectionClosed = new Promise<void>((r) => {
      closed = r;
    });
    const server = createServer((_req, res) => {
      res.on('close', () => closed());
      // A body that never ends: only a cancel by the client frees this connection.
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.write('x'.repeat(1024));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/introspect`;
    const verify = createToolTokenVerifier(
      { kind: 'introspection', endpoint, timeoutMs: 5000 },
      { providerId: 'p', audience: 'https://api.local.example' },
    );
    try {
      // A 5xx is an endpoint outage (issue 11, class 2), not a verdict on the token.
      expect(await rejection(verify(CANARY, ctx))).toBe(
        AUTH_ERROR_REASONS.introspectionUnavailable,
      );
      const outcome = await Promise.race([
        connectionClosed.then(() => 'closed'),
        new Promise((r) => setTimeout(() => r('still open'), 1000)),
      ]);
      expect(outcome).toBe('closed');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('connection guard configuration', () => {
  it('refuses an opaque or absent connection verifier', async () => {
    const { createConnectionGuard } = await import('../connection.js');
    const base = {
      resource: 'http://127.0.0.1/mcp',
      issuer: 'https://as.example',
      authorizationServers: ['https://as.example'],
      tools: [],
    };
    for (const verifier of [{ kind: 'opaque' }, undefined]) {
      expect(() =>
        createConnectionGuard({ ...base, verifier } as unknown as Parameters<
          typeof createConnectionGuard
        >[0]),
      ).toThrow(expect.objectContaining({ code: 'VERIFIER_MISCONFIGURED' }));
    }
  });
});

describe('introspection cache', () => {
  it("drops an active answer at the token's exp, whatever cacheTtlSeconds says", async () => {
    const exp = Math.floor(Date.now() / 1000) + 10;
    let asked = 0;
    const server = createServer((_req, res) => {
      asked++;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ active: true, exp, aud: 'https://api.local.example', scope: 'a' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/introspect`;
    const verify = createToolTokenVerifier(
      { kind: 'introspection', endpoint, cacheTtlSeconds: 3600 },
      { providerId: 'p', audience: 'https://api.local.example' },
    );
    try {
      await verify(CANARY, ctx);
      await verify(CANARY, ctx);
      expect(asked).toBe(1);
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(exp * 1000);
      await verify(CANARY, ctx);
      expect(asked).toBe(2);
    } finally {
      vi.useRealTimers();
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('verified token cache', () => {
  it('is bounded, expires entries and keys by SHA-256 only', () => {
    const cache = new VerifiedTokenCache<number>(2);
    const now = Date.now();
    cache.set(CANARY, 1, now + 1000, now);
    cache.set('b', 2, now + 1000, now);
    cache.set('c', 3, now + 1000, now);
    expect(cache.size).toBe(2);
    expect(cache.get(CANARY, now)).toBeUndefined();
    expect(cache.get('c', now + 2000)).toBeUndefined();
    cache.set(CANARY, 4, now + 1000, now);
    expect(cache.keys()).toContain(tokenFingerprint(CANARY));
    expect(cache.keys().join()).not.toContain(CANARY);
  });
});

describe('jwt verifier through registerTools', () => {
  it('answers insufficient_scope for a real token without the tool scope', async () => {
    const { Server } = await import('@modelcontextprotocol/sdk/server/index.js');
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { InMemoryTransport } = await import('@modelcontextprotocol/sdk/inMemory.js');
    const { registerTools } = await import('../sdk-v1/install.js');
    const server = new Server({ name: 's', version: '1' }, { capabilities: {} });
    const requirement = {
      method: 'oauth2' as const,
      requiredScopes: ['meeting:read'],
      provider: { id: 'zoom', issuer: as.issuer('zoom'), resource: ZOOM },
    };
    registerTools(
      server,
      [
        {
          definition: { name: 'meetings', inputSchema: { type: 'object' }, requirement },
          handler: (_i: unknown, c: { claims?: unknown }) => ({
            content: [{ type: 'text', text: JSON.stringify(c.claims) }],
          }),
        },
      ],
      {
        providers: {
          zoom: {
            id: 'zoom',
            type: 'oauth2',
            verifier: { kind: 'jwt', jwksUri: `${as.issuer('zoom')}/jwks`, algorithms: ['RS256'] },
          },
        },
      },
    );
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(a);
    const client = new Client({ name: 'c', version: '1' });
    await client.connect(b);
    const write = await token(['meeting:write']);
    const error = await client
      .callTool({
        name: 'meetings',
        arguments: {},
        _meta: { authorization: { method: 'oauth2', token: write } },
      })
      .catch((e: unknown) => e as { code: number; data: unknown });
    expect(error).toMatchObject({
      code: -32003,
      data: { error: 'insufficient_scope', reason: 'Missing scope: meeting:read' },
    });
    const ok = await client.callTool({
      name: 'meetings',
      arguments: {},
      _meta: { authorization: { method: 'oauth2', token: await token(['meeting:read']) } },
    });
    expect(JSON.parse((ok.content as { text: string }[])[0]!.text)).toMatchObject({
      subject: 'alice',
      verifiedBy: 'jwt',
    });
    await client.close();
  });
});
