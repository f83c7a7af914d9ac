import { describe, expect, it } from 'vitest';
import { CANARY, captureLogs } from '../test/fixtures.js';
import {
  RedactedTransportError,
  redactingErrorHandler,
  safeArgumentError,
  WITHHELD_ARGUMENT_MESSAGE,
} from './leak-guards.js';
import { callLog, redactLogFields } from './logging.js';
import { principalKey } from './principal.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('class 5, sessions bound to the whole principal: principalKey', () => {
  const auth = (clientId: string, extra: Record<string, unknown> = {}, token = CANARY) => ({
    token,
    clientId,
    extra,
  });

  it('tells apart two client-credentials tokens without sub from different clients', () => {
    expect(principalKey(auth('client-a'), 'https://as.example')).not.toBe(
      principalKey(auth('client-b'), 'https://as.example'),
    );
  });

  it('tells apart one subject at two issuers, and one subject through two clients', () => {
    const alice = (clientId: string) => auth(clientId, { subject: 'alice' });
    expect(principalKey(alice('c'), 'https://one.example')).not.toBe(
      principalKey(alice('c'), 'https://two.example'),
    );
    expect(principalKey(alice('c1'), 'https://one.example')).not.toBe(
      principalKey(alice('c2'), 'https://one.example'),
    );
    expect(principalKey(auth('c', { subject: 'alice', issuer: 'https://one.example' }))).toBe(
      principalKey(alice('c'), 'https://one.example'),
    );
  });

  it('is the same for two tokens of one principal, and holds no token material', () => {
    const one = principalKey(auth('c', { subject: 'alice' }, `${CANARY}-1`), 'https://as.example');
    const two = principalKey(auth('c', { subject: 'alice' }, `${CANARY}-2`), 'https://as.example');
    expect(one).toBe(two);
    expect(one).not.toContain(CANARY.slice(0, 8));
  });

  it('binds a token with neither subject nor client to itself', () => {
    expect(principalKey(auth('', {}, 'token-one-xxxxxxxx'))).not.toBe(
      principalKey(auth('', {}, 'token-two-xxxxxxxx')),
    );
  });
});

describe('class 8 (token reaches code that never asked): a plain SDK tool on the same server', () => {
  async function plainToolSees(strip: boolean): Promise<unknown> {
    const { McpServer } = await import('@modelcontextprotocol/sdk/server/mcp.js');
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { InMemoryTransport } = await import('@modelcontextprotocol/sdk/inMemory.js');
    const { registerTools } = await import('./sdk-v1/index.js');
    const mcp = new McpServer({ name: 's', version: '1' });
    let seen: unknown;
    mcp.registerTool('plain', { description: 'a tool toolscope does not own' }, (extra) => {
      seen = { meta: extra._meta };
      return { content: [{ type: 'text', text: 'ok' }] };
    });
    // toolscope on the same server (no tools of its own): calls to the plain tool pass through it.
    if (strip) registerTools(mcp, []);
    const [a, b] = InMemoryTransport.createLinkedPair();
    await mcp.connect(a);
    const client = new Client({ name: 'c', version: '1' });
    await client.connect(b);
    await client.callTool({
      name: 'plain',
      arguments: {},
      _meta: { authorization: { method: 'oauth2', token: CANARY }, progressToken: 5 },
    });
    await client.close();
    return seen;
  }

  it('receives _meta.authorization from the SDK as it stands (the leak this class is about)', async () => {
    expect(JSON.stringify(await plainToolSees(false))).toContain(CANARY);
  });

  it('never receives it once toolscope is on the same server (registerTools, SDK 1.x), in the request or in extra', async () => {
    const seen = await plainToolSees(true);
    expect(JSON.stringify(seen)).not.toContain(CANARY);
    expect(seen).toEqual({ meta: { progressToken: 5 } });
  });
});

describe('also observed: a -32602 message never echoes the caller token (safeArgumentError)', () => {
  it('withholds a message that names the token as a key or a value, in any encoding', () => {
    for (const message of [
      `Invalid arguments for tool t: ${CANARY} is not allowed`,
      `Invalid arguments for tool t: meetingId must match pattern, got ${CANARY.slice(4, 24)}`,
      `Invalid arguments for tool t: ${b64(CANARY)} is not allowed`,
    ]) {
      expect(safeArgumentError(message, CANARY)).toBe(WITHHELD_ARGUMENT_MESSAGE);
    }
    const fine = 'Invalid arguments for tool t: meetingId is required';
    expect(safeArgumentError(fine, CANARY)).toBe(fine);
    expect(safeArgumentError(fine, undefined)).toBe(fine);
  });
});

describe("also observed: the SDK's onerror never receives a token (redactingErrorHandler)", () => {
  it('passes on a scrubbed error when the real SDK reports a whole message', async () => {
    const { Server } = await import('@modelcontextprotocol/sdk/server/index.js');
    const { InMemoryTransport } = await import('@modelcontextprotocol/sdk/inMemory.js');
    const seen: Error[] = [];
    const server = new Server({ name: 's', version: '1' }, { capabilities: {} });
    server.onerror = redactingErrorHandler((error) => seen.push(error));
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(a);
    await b.start();
    // A response to a request the server never sent: the SDK quotes it whole to onerror.
    await b.send({
      jsonrpc: '2.0',
      id: 424242,
      result: {
        _meta: { authorization: { method: 'oauth2', token: CANARY } },
        note: `Bearer ${CANARY}`,
      },
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.length).toBeGreaterThan(0);
    for (const error of seen) {
      expect(error).toBeInstanceOf(RedactedTransportError);
      const shown = JSON.stringify({
        name: error.name,
        message: error.message,
        stack: error.stack,
      });
      expect(shown).not.toContain(CANARY);
      expect(error.cause).toBeUndefined();
    }
    expect(seen[0]?.message).toContain('unknown message ID');
    await server.close();
  });

  it('scrubs a JWS, a Bearer value and inspect-style token fields', () => {
    const jws = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl';
    const error = new RedactedTransportError(
      new TypeError(`bad ${jws}; headers authorization: Bearer abc.def; { token: 'opaque-1' }`),
    );
    expect(error.message).not.toMatch(/eyJhbGci|abc\.def|opaque-1/);
    expect(error.name).toBe('TypeError');
  });
});

describe('class 4, redaction: every log field is redacted, names and keys included', () => {
  it('cuts the token from keys, values, error names, messages and stacks', () => {
    const error = new Error(`failed for ${CANARY}`);
    error.name = `Boom${CANARY}`;
    const fields = {
      tool: 't',
      error,
      errorName: error.name,
      [CANARY]: 'as a key',
      nested: { list: [`x ${b64(CANARY)} y`, CANARY.slice(2, 14)] },
    };
    const out = JSON.stringify(redactLogFields(fields, CANARY));
    expect(out).not.toContain(CANARY.slice(0, 8));
    expect(out).not.toContain(b64(CANARY).slice(0, 12));
    expect(out).toContain('"tool":"t"');
  });

  it('callLog redacts what reaches a real pino logger', () => {
    const { logger, lines } = captureLogs();
    const log = callLog(logger, CANARY);
    const error = new Error('x');
    error.name = CANARY;
    log.warn({ tool: 't', error: error.name, err: error, [CANARY]: 1 }, `handler said ${CANARY}`);
    expect(lines).toHaveLength(1);
    expect(lines.join('\n')).not.toContain(CANARY.slice(0, 10));
    expect(lines[0]).toContain('"tool":"t"');
  });

  it('without the token, still cuts credential shapes', () => {
    const out = JSON.stringify(
      redactLogFields({ msg: 'Authorization: Bearer abc123', t: '{"token":"zzz"}' }, undefined),
    );
    expect(out).not.toContain('abc123');
    expect(out).not.toContain('zzz');
  });
});

describe('class 4, redaction: toolscope log lines scrub credential shapes in every field', () => {
  it('a handler error whose name holds a JWS never reaches the app log (registerTools, real pino)', async () => {
    const { Server } = await import('@modelcontextprotocol/sdk/server/index.js');
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { InMemoryTransport } = await import('@modelcontextprotocol/sdk/inMemory.js');
    const { registerTools } = await import('./sdk-v1/install.js');
    const jws = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(`{"sub":"${CANARY}"}`).toString('base64url')}.c2ln`;
    const { logger, lines } = captureLogs();
    const server = new Server({ name: 's', version: '1' }, { capabilities: {} });
    registerTools(
      server,
      [
        {
          definition: {
            name: 'boom',
            inputSchema: { type: 'object' },
            requirement: { method: 'apiKey', provider: { id: 'crm' } },
          },
          handler: (_i: unknown, c: { token: string }) => {
            const error = new Error('failed');
            error.name = `Failure for ${c.token}`;
            throw error;
          },
        },
      ],
      { logger },
    );
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(a);
    const client = new Client({ name: 'c', version: '1' });
    await client.connect(b);
    await client.callTool({
      name: 'boom',
      arguments: {},
      _meta: { authorization: { method: 'apiKey', token: jws } },
    });
    await client.close();
    const log = lines.join('\n');
    expect(log).toContain('tool handler failed');
    expect(log).not.toContain(jws.slice(0, 30));
  });
});
