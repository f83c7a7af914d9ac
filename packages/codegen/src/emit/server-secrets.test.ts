import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ToolscopeError } from '@toolscope/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshDir, generatorFor, KITCHEN_SINK, snapshotTree } from '../../test/harness.js';

// The kitchen-sink fixture's `partner` provider verifies tokens by
// introspection with `clientSecretEnv: PARTNER_INTROSPECTION_SECRET`. Its
// endpoint is pointed at a real introspection endpoint on 127.0.0.1, which
// records how the generated server authenticates to it.
const ENV = 'PARTNER_INTROSPECTION_SECRET';
const CANARY = 'canary-introspection-secret-77c1';
const CLIENT_ID = 'toolscope-kitchen-sink';

const requests: IncomingHttpHeaders[] = [];
let introspection: Server;
let out: string;
let registerKitchenSinkTools: (
  server: McpServer,
  handlers: object,
  options?: { providers?: Record<string, unknown> },
) => void;

beforeAll(async () => {
  introspection = createServer((req, res) => {
    requests.push(req.headers);
    req.resume().on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          active: true,
          scope: 'reports',
          aud: 'https://partner.example/api',
          exp: Math.floor(Date.now() / 1000) + 300,
        }),
      );
    });
  });
  await new Promise<void>((done) => introspection.listen(0, '127.0.0.1', done));
  const { port } = introspection.address() as AddressInfo;
  out = await freshDir('provider-secrets');
  const manifest = join(out, 'kitchen-sink.yaml');
  const text = await readFile(KITCHEN_SINK, 'utf8');
  const endpoint = 'https://auth.partner.example/introspect';
  expect(text).toContain(endpoint);
  await writeFile(manifest, text.replace(endpoint, `http://127.0.0.1:${port}/introspect`));
  // The secret is in the environment while generating: it must still not reach a file.
  process.env[ENV] = CANARY;
  // Generated for SDK 1.x: the same manifest must work on both lines (the e2e test covers v2).
  await generatorFor([manifest], join(out, 'packages'), { sdk: 'v1' }).run();
  ({ registerKitchenSinkTools } = await import(
    join(out, 'packages/kitchen-sink-server/src/index.ts')
  ));
});

afterEach(() => {
  delete process.env[ENV];
  requests.length = 0;
});

afterAll(async () => {
  await new Promise((done) => introspection.close(done));
});

/** Every handler answers with a text; only sink_partnerReport is called. */
const handlers = new Proxy(
  {},
  { get: () => () => ({ content: [{ type: 'text', text: 'report' }] }) },
);

async function callPartnerReport(options?: { providers?: Record<string, unknown> }) {
  const server = new McpServer({ name: 'kitchen-sink', version: '1.0.0' });
  registerKitchenSinkTools(server, handlers, options);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(clientSide);
  try {
    return await client.callTool({
      name: 'sink_partnerReport',
      arguments: {},
      _meta: { authorization: { method: 'oauth2', token: 'user-token' } },
    });
  } finally {
    await client.close();
  }
}

describe('clientSecretEnv in generated servers', () => {
  it('names the variable in the generated files, never its value', async () => {
    const tree = await snapshotTree(join(out, 'packages'));
    const all = [...tree.values()].join('\n');
    expect(all).not.toContain(CANARY);
    expect(tree.get('kitchen-sink-server/src/definitions.ts')).toContain(`'${ENV}'`);
  });

  it('authenticates to the introspection endpoint with the secret read at registration', async () => {
    process.env[ENV] = CANARY;
    const result = await callPartnerReport();
    expect(result.isError).not.toBe(true);
    expect(result.content).toEqual([{ type: 'text', text: 'report' }]);
    expect(requests).toHaveLength(1);
    const basic = Buffer.from(`${CLIENT_ID}:${CANARY}`).toString('base64');
    expect(requests[0]?.authorization).toBe(`Basic ${basic}`);
  });

  it('refuses to register when the variable is unset, naming it and no value', () => {
    let thrown: unknown;
    try {
      registerKitchenSinkTools(new McpServer({ name: 'x', version: '1.0.0' }), handlers);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ToolscopeError);
    const error = thrown as ToolscopeError;
    expect(error.code).toBe('VERIFIER_MISCONFIGURED');
    expect(error.message).toContain(ENV);
    expect(error.hint).toContain(ENV);
    expect(`${error.message}${error.hint}`).not.toContain(CANARY);
  });

  it('leaves a provider the app supplies to the app, without reading the variable', async () => {
    const { kitchenSinkProviders } = await import(
      join(out, 'packages/kitchen-sink-server/src/index.ts')
    );
    const partner = kitchenSinkProviders.partner;
    const result = await callPartnerReport({
      providers: {
        partner: { ...partner, verifier: { ...partner.verifier, clientSecret: 'from-the-app' } },
      },
    });
    expect(result.isError).not.toBe(true);
    const basic = Buffer.from(`${CLIENT_ID}:from-the-app`).toString('base64');
    expect(requests[0]?.authorization).toBe(`Basic ${basic}`);
  });
});
