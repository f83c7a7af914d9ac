import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from './audit.js';
import { type DemoHttpHandle, startDemoHttp } from './http.js';

// The demo server with its audit log on, reached by the unmodified v2 client.
// The upstream services are loopback addresses nobody listens on, so a call
// that gets past authorization ends in a tool error: enough to see what the
// audit records of an authorized caller, a refused one and a `none` tool.
const nowhere = 'http://127.0.0.1:9';
// Characters that URL-encoding and base64 both change, so every encoding differs from the raw token.
const CANARY = 'audit-canary+Zx9/Qw7=TOKEN~never-log';
const dir = mkdtempSync(join(tmpdir(), 'toolscope-audit-'));
const file = join(dir, 'audit.jsonl');
let demo: DemoHttpHandle;
let client: Client;

beforeAll(async () => {
  demo = await startDemoHttp({
    zoom: { issuer: `${nowhere}/zoom`, resource: nowhere, statusUrl: `${nowhere}/status` },
    crm: { issuer: `${nowhere}/crm`, resource: nowhere, jwksUri: `${nowhere}/crm/jwks` },
    orders: { resource: nowhere },
    self: { issuer: `${nowhere}/self`, jwksUri: `${nowhere}/self/jwks` },
    auditLogFile: file,
  });
  client = new Client({ name: 'audit-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(demo.mcpUrl)));
});
afterAll(async () => {
  await client.close();
  await demo.close();
  rmSync(dir, { recursive: true, force: true });
});

const records = (): AuditRecord[] =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as AuditRecord);

describe('the demo audit-log middleware', () => {
  it('records tool, user and outcome of authorized, refused and none calls', async () => {
    await client.callTool({
      name: 'orders_listOrders',
      arguments: {},
      _meta: { authorization: { method: 'apiKey', token: CANARY } },
    });
    await client.callTool({ name: 'zoom_getServiceStatus', arguments: {} }).catch(() => undefined);
    const refused = await client
      .callTool({ name: 'orders_listOrders', arguments: {} })
      .catch((error: unknown) => error);
    expect((refused as { code?: number }).code).toBe(-32001);

    const [orders, status, missing] = records();
    expect(orders).toMatchObject({ tool: 'orders_listOrders', outcome: 'tool-error' });
    expect(orders?.user).toMatch(/^key:[A-Za-z0-9_-]{16}$/);
    expect(status).toMatchObject({ tool: 'zoom_getServiceStatus', user: 'anonymous' });
    expect(missing).toMatchObject({
      tool: 'orders_listOrders',
      user: 'anonymous',
      outcome: 'refused',
      refusedBy: 'authorize',
      error: 'missing_token',
    });
  });

  it('never writes the token: raw, base64, base64url, URL-encoded or an 8-character piece', () => {
    const text = readFileSync(file, 'utf8');
    const bytes = Buffer.from(CANARY, 'utf8');
    const forms = [
      CANARY,
      bytes.toString('base64'),
      bytes.toString('base64').replace(/=+$/, ''),
      bytes.toString('base64url'),
      encodeURIComponent(CANARY),
      new URLSearchParams({ t: CANARY }).toString().slice(2),
      JSON.stringify(CANARY).slice(1, -1),
    ];
    // Raw, base64, base64url and URL-encoded really differ, so each assertion checks something.
    expect(new Set([forms[0], forms[1], forms[3], forms[4]]).size).toBe(4);
    for (const form of forms) expect(text).not.toContain(form);
    for (let i = 0; i + 8 <= CANARY.length; i++) expect(text).not.toContain(CANARY.slice(i, i + 8));
  });
});
