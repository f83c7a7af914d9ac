import { type AuthServerHandle, startAuthServer } from '@toolscope/auth-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServicesHandle, startDemoServices } from './services.js';

const KEYS = { sales: 'sales-key-canary-1', support: 'support-key-canary-2' };
let as: AuthServerHandle;
let services: DemoServicesHandle;
let meetingsResource: string;

beforeAll(async () => {
  // The APIs learn their origin (their audience) only after listening, so the
  // issuer is told a placeholder first and the services get the real JWKS.
  services = await startDemoServices({
    meetings: { issuer: 'pending', jwksUri: 'http://127.0.0.1:9/jwks' },
    crm: { issuer: 'pending', jwksUri: 'http://127.0.0.1:9/jwks' },
    orders: { headerName: 'X-Api-Key', keys: KEYS },
  });
  meetingsResource = services.meetings;
  await services.close();
  as = await startAuthServer({
    issuers: [
      {
        id: 'zoom',
        resources: [
          {
            indicator: meetingsResource,
            scopes: ['meeting:read:list_meetings', 'meeting:write:meeting'],
          },
          { indicator: 'https://elsewhere.example', scopes: ['meeting:read:list_meetings'] },
        ],
      },
    ],
  });
  const port = Number(new URL(meetingsResource).port);
  services = await startDemoServices({
    meetings: { port, issuer: as.issuer('zoom'), jwksUri: `${as.issuer('zoom')}/jwks` },
    crm: { issuer: as.issuer('zoom'), jwksUri: `${as.issuer('zoom')}/jwks` },
    orders: { headerName: 'X-Api-Key', keys: KEYS },
  });
});

afterAll(async () => {
  await services?.close();
  await as?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });

describe('meetings API', () => {
  it('answers 401 without a token and with a token for another audience', async () => {
    expect((await get(`${services.meetings}/v2/users/me/meetings`)).status).toBe(401);
    const other = await as.issueToken({
      issuer: 'zoom',
      user: 'alice',
      scopes: ['meeting:read:list_meetings'],
      resource: 'https://elsewhere.example',
    });
    const res = await get(`${services.meetings}/v2/users/me/meetings`, {
      authorization: `Bearer ${other.access_token}`,
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it("answers with the caller's own meetings, and 403 for a scope the token lacks", async () => {
    const t = await as.issueToken({
      issuer: 'zoom',
      user: 'bob',
      scopes: ['meeting:read:list_meetings'],
      resource: meetingsResource,
    });
    const auth = { authorization: `Bearer ${t.access_token}` };
    const list = await get(`${services.meetings}/v2/users/me/meetings`, auth);
    expect(list.status).toBe(200);
    const body = (await list.json()) as { meetings: { topic: string }[] };
    expect(body.meetings.map((m) => m.topic)).toEqual(['Support sync']);
    const create = await fetch(`${services.meetings}/v2/users/me/meetings`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ topic: 'x', startTime: '2026-05-01T10:00:00Z' }),
    });
    expect(create.status).toBe(403);
    expect(create.headers.get('www-authenticate')).toContain('scope="meeting:write:meeting"');
  });

  it('serves the status page without a token', async () => {
    expect((await get(`${services.meetings}/status`)).status).toBe(200);
  });
});

describe('order service', () => {
  it("accepts a department's key for its own orders only, and refuses unknown keys", async () => {
    const sales = await get(`${services.orders}/orders`, { 'x-api-key': KEYS.sales });
    expect(sales.status).toBe(200);
    const ids = ((await sales.json()) as { orders: { id: string }[] }).orders.map((o) => o.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => id.startsWith('sales-'))).toBe(true);
    const foreign = await get(`${services.orders}/orders/${ids[0]}`, {
      'x-api-key': KEYS.support,
    });
    expect(foreign.status).toBe(404);
    expect((await get(`${services.orders}/orders`, { 'x-api-key': 'nope' })).status).toBe(401);
    expect((await get(`${services.orders}/orders`)).status).toBe(401);
  });
});
