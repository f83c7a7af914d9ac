import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from './index.js';
import {
  type AuthServerHandle,
  createPkcePair,
  loginHeadless,
  startAuthServer,
  TEST_REDIRECT_URI,
} from './index.js';

const ZOOM_API = 'https://api.zoom.example';
const INTROSPECTOR = { clientId: 'introspector', secret: 'introspector-secret-0123456789' };
let as: AuthServerHandle;

beforeAll(async () => {
  as = await startAuthServer({
    issuers: [
      {
        id: 'zoom',
        resources: [
          { indicator: ZOOM_API, scopes: ['meeting:read', 'meeting:write'] },
          { indicator: 'https://opaque.example', scopes: ['files:read'], format: 'opaque' },
        ],
        clients: [
          {
            clientId: INTROSPECTOR.clientId,
            authMethod: 'client_secret_basic',
            clientSecret: INTROSPECTOR.secret,
            redirectUris: ['http://127.0.0.1/introspector/cb'],
          },
        ],
      },
      { id: 'crm', resources: [{ indicator: 'https://crm.example', scopes: ['orders:read'] }] },
    ],
  });
});
afterAll(() => as.close());

describe('public exports', () => {
  it('pins the value exports', () => {
    expect(Object.keys(api).sort()).toEqual([
      'DEFAULT_USERS',
      'TEST_CLIENT_ID',
      'TEST_REDIRECT_URI',
      'createPkcePair',
      'loginHeadless',
      'startAuthServer',
    ]);
  });
});

describe('authorization code + PKCE', () => {
  it('advertises discovery per issuer with distinct keys', async () => {
    const zoom = (await (
      await fetch(`${as.issuer('zoom')}/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    const crm = (await (
      await fetch(`${as.issuer('crm')}/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(zoom['issuer']).toBe(`${as.origin}/zoom`);
    expect(zoom['authorization_response_iss_parameter_supported']).toBe(true);
    expect(zoom['introspection_endpoint']).toBe(`${as.origin}/zoom/token/introspection`);
    const zoomKeys = (await (await fetch(zoom['jwks_uri']!)).json()) as { keys: { kid: string }[] };
    const crmKeys = (await (await fetch(crm['jwks_uri']!)).json()) as { keys: { kid: string }[] };
    expect(zoomKeys.keys[0]!.kid).not.toBe(crmKeys.keys[0]!.kid);
  });

  it('returns iss in the callback and a JWT with aud, scope and iss', async () => {
    const pkce = createPkcePair();
    const auth = new URL(`${as.issuer('zoom')}/auth`);
    auth.search = new URLSearchParams({
      client_id: 'toolscope-test',
      response_type: 'code',
      redirect_uri: TEST_REDIRECT_URI,
      scope: 'meeting:read',
      resource: ZOOM_API,
      state: 's-1',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    }).toString();
    const callback = new URL(
      await loginHeadless({
        authorizationUrl: auth.href,
        username: 'alice',
        password: 'alice-password',
      }),
    );
    expect(callback.searchParams.get('state')).toBe('s-1');
    expect(callback.searchParams.get('iss')).toBe(as.issuer('zoom'));
    const token = await as.issueToken({
      issuer: 'zoom',
      user: 'bob',
      scopes: ['meeting:read'],
      resource: ZOOM_API,
    });
    expect(decodeProtectedHeader(token.access_token).typ).toBe('at+jwt');
    const jwks = createRemoteJWKSet(new URL(`${as.issuer('zoom')}/jwks`));
    const { payload } = await jwtVerify(token.access_token, jwks, {
      issuer: as.issuer('zoom'),
      audience: ZOOM_API,
    });
    expect(payload.sub).toBe('bob');
    expect(payload['scope']).toBe('meeting:read');
    expect(token.refresh_token).toEqual(expect.any(String));
  });

  it('refuses an authorization request without PKCE', async () => {
    const auth = new URL(`${as.issuer('zoom')}/auth`);
    auth.search = new URLSearchParams({
      client_id: 'toolscope-test',
      response_type: 'code',
      redirect_uri: TEST_REDIRECT_URI,
      scope: 'meeting:read',
      state: 's-2',
    }).toString();
    const res = await fetch(auth, { redirect: 'manual' });
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses a wrong password', async () => {
    const pkce = createPkcePair();
    const auth = `${as.issuer('zoom')}/auth?${new URLSearchParams({ client_id: 'toolscope-test', response_type: 'code', redirect_uri: TEST_REDIRECT_URI, scope: 'meeting:read', code_challenge: pkce.challenge, code_challenge_method: 'S256' })}`;
    await expect(
      loginHeadless({ authorizationUrl: auth, username: 'alice', password: 'nope' }),
    ).rejects.toMatchObject({
      code: 'OAUTH_FLOW_FAILED',
    });
  });
});

describe('refresh rotation and counters', () => {
  it('rotates the refresh token and rejects the old one', async () => {
    const first = await as.issueToken({
      issuer: 'crm',
      user: 'alice',
      scopes: ['orders:read'],
      resource: 'https://crm.example',
    });
    const before = as.tokenRequests('crm')['refresh_token'] ?? 0;
    const refresh = (rt: string) =>
      fetch(`${as.issuer('crm')}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: rt,
          client_id: 'toolscope-test',
        }),
      });
    const second = (await (await refresh(first.refresh_token!)).json()) as Record<string, string>;
    expect(second['refresh_token']).toEqual(expect.any(String));
    expect(second['refresh_token']).not.toBe(first.refresh_token);
    const reused = await refresh(first.refresh_token!);
    expect(reused.status).toBe(400);
    expect(((await reused.json()) as Record<string, string>)['error']).toBe('invalid_grant');
    expect(as.tokenRequests('crm')['refresh_token']).toBe(before + 2);
  });
});

describe('introspection and key rotation', () => {
  it('introspects an opaque token for a confidential client', async () => {
    const token = await as.issueToken({
      issuer: 'zoom',
      user: 'alice',
      scopes: ['files:read'],
      resource: 'https://opaque.example',
    });
    const res = await fetch(`${as.issuer('zoom')}/token/introspection`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${INTROSPECTOR.clientId}:${INTROSPECTOR.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ token: token.access_token }),
    });
    const answer = (await res.json()) as Record<string, unknown>;
    expect(answer).toMatchObject({
      active: true,
      sub: 'alice',
      scope: 'files:read',
      aud: 'https://opaque.example',
    });
  });

  it('signs with the new key after rotateKeys and keeps publishing the old one', async () => {
    const kid = await as.rotateKeys('zoom');
    const token = await as.issueToken({
      issuer: 'zoom',
      user: 'alice',
      scopes: ['meeting:read'],
      resource: ZOOM_API,
    });
    expect(decodeProtectedHeader(token.access_token).kid).toBe(kid);
    const jwks = (await (await fetch(`${as.issuer('zoom')}/jwks`)).json()) as { keys: unknown[] };
    expect(jwks.keys).toHaveLength(2);
  });
});

describe('scale-test facilities', () => {
  it('keeps refresh tokens without rotation, logs grants per account, goes offline and back', async () => {
    const steady = await startAuthServer({
      issuers: [
        {
          id: 'steady',
          resources: [{ indicator: ZOOM_API, scopes: ['meeting:read'], accessTokenTtl: 5 }],
          rotateRefreshTokens: false,
        },
      ],
    });
    try {
      const first = await steady.issueToken({
        issuer: 'steady',
        user: 'bob',
        scopes: ['meeting:read'],
        resource: ZOOM_API,
      });
      expect(first.expires_in).toBe(5);
      const refresh = () =>
        fetch(`${steady.issuer('steady')}/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: first.refresh_token!,
            client_id: 'toolscope-test',
          }),
        });
      // Without rotation the same refresh token works twice, and no other one is sent.
      for (let i = 0; i < 2; i++) {
        const answer = (await (await refresh()).json()) as Record<string, string>;
        expect(answer['access_token']).toEqual(expect.any(String));
        expect([undefined, first.refresh_token]).toContain(answer['refresh_token']);
      }
      const refreshes = steady.grantLog('steady').filter((g) => g.grantType === 'refresh_token');
      expect(refreshes.map((g) => [g.accountId, g.ok])).toEqual([
        ['bob', true],
        ['bob', true],
      ]);

      await steady.suspend();
      await expect(refresh()).rejects.toThrow();
      await steady.resume();
      steady.setTokenDelay(300);
      const started = Date.now();
      expect((await refresh()).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    } finally {
      await steady.close();
    }
  });
});
