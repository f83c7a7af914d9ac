// What differs between the two official SDK client lines, checked against a
// real toolscope server over real HTTP: the line is detected, request options
// reach the request, tools/list keeps the `_meta` requirement, and both error
// profiles come back as the same typed errors.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AuthorizationError,
  AuthorizationRequiredError,
  sdkLineOf,
  type ToolRequirement,
} from '@toolscope/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SDK_LINES,
  startToolServer,
  type ToolServerHandle,
  tokenHash,
} from '../../test/tool-server.js';
import { KeyRing } from '../vault/key-ring.js';
import { MemoryVaultStore } from '../vault/memory.js';
import { TokenVault } from '../vault/vault.js';
import { type Agent, createAgent } from './agent.js';
import type { AuthorizationRequest } from './types.js';

const orders: ToolRequirement = { method: 'apiKey', provider: { id: 'orders' } };
const zoom: ToolRequirement = {
  method: 'oauth2',
  requiredScopes: ['meeting:read'],
  provider: { id: 'zoom', resource: 'https://api.zoom.example' },
};
const SLOW_MS = 1_000;
const TOOLS = [
  { name: 'orders_list', requirement: orders },
  { name: 'zoom_meetings', requirement: zoom },
  { name: 'slow_time', requirement: { method: 'none' as const }, delayMs: SLOW_MS },
];
const text = (result: { content: readonly unknown[] }) =>
  (result.content[0] as { text: string }).text;

/** An agent over a fresh vault whose hook runs `react` and records what it was asked. */
function agentOver(
  tools: ToolServerHandle,
  react: (request: AuthorizationRequest) => Promise<boolean>,
) {
  const asked: Omit<AuthorizationRequest, 'session'>[] = [];
  const vault = new TokenVault(
    new MemoryVaultStore(),
    new KeyRing([{ kid: 'k', key: KeyRing.generateKey() }]),
  );
  const agent = createAgent({
    client: tools.client,
    vault,
    providers: { orders: { type: 'apiKey' } },
    onAuthorizationRequired: (request) => {
      const { session: _session, ...rest } = request;
      asked.push(rest);
      return react(request);
    },
  });
  return { agent, asked };
}

describe.each(SDK_LINES)('an %s client against a 1.x toolscope server', (sdk) => {
  let tools: ToolServerHandle;
  let agent: Agent;

  beforeAll(async () => {
    tools = await startToolServer(TOOLS, { transport: 'http', sdk });
    agent = agentOver(tools, async () => false).agent;
  });

  afterAll(async () => {
    await tools?.close();
  });

  it('is detected as its line', () => {
    expect(sdkLineOf(tools.client)).toBe(sdk);
  });

  it('connects (v2 in auto mode: a server/discover probe, then the 2025 initialize)', () => {
    const era = (tools.client as { getProtocolEra?: () => string | undefined }).getProtocolEra;
    expect(era?.call(tools.client)).toBe(sdk === 'v2' ? 'legacy' : undefined);
  });

  it('lists the requirement under _meta, and drops the top-level fields the server sent', async () => {
    const { tools: listed } = await tools.client.listTools();
    const entry = listed.find((t) => (t as { name?: unknown }).name === 'zoom_meetings') as Record<
      string,
      unknown
    >;
    expect(entry['_meta']).toMatchObject({
      'io.toolscope/authorization': {
        method: 'oauth2',
        requiredScopes: ['meeting:read'],
        provider: { id: 'zoom' },
      },
      securitySchemes: [{ type: 'oauth2', scopes: ['meeting:read'] }],
    });
    expect(entry).not.toHaveProperty('authorization');
    expect(entry).not.toHaveProperty('securitySchemes');
    expect(await agent.requirementOf('zoom_meetings')).toMatchObject({ method: 'oauth2' });
  });

  it('passes the abort signal on: the call ends when it is aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    const error = await agent
      .forUser('u')
      .callTool('slow_time', {}, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(AuthorizationError);
    expect(Date.now() - started).toBeLessThan(SLOW_MS);
  });

  it('passes the timeout on, with the line’s own error that is no authorization error', async () => {
    const error = await agent
      .forUser('u')
      .callTool('slow_time', {}, { timeout: 50 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: sdk === 'v1' ? -32001 : 'REQUEST_TIMEOUT',
      data: { timeout: 50 },
    });
    expect(error).not.toBeInstanceOf(AuthorizationError);
  });

  it('turns a -32001 JSON-RPC error into a typed error by its data', async () => {
    const error = await agent
      .forUser('nobody')
      .callTool('zoom_meetings')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthorizationRequiredError);
    expect(error).toMatchObject({
      code: -32001,
      tool: 'zoom_meetings',
      kind: 'missing_token',
      requiredScopes: ['meeting:read'],
      provider: 'zoom',
    });
  });
});

describe.each(SDK_LINES)('an %s client against the tool-result profile', (sdk) => {
  let tools: ToolServerHandle;

  beforeAll(async () => {
    tools = await startToolServer(TOOLS, { transport: 'http', sdk, profile: 'tool-result' });
  });

  afterAll(async () => {
    await tools?.close();
  });

  it('recognises the refusal, lets the hook store a key, and retries once', async () => {
    const { agent, asked } = agentOver(tools, async (request) => {
      await request.session.setApiKey(request.provider, 'key-from-the-hook');
      return true;
    });
    const before = tools.received.length;
    const result = await agent.forUser('alice').callTool('orders_list');
    expect(text(result)).toBe(tokenHash('key-from-the-hook'));
    expect(asked).toEqual([
      {
        userId: 'alice',
        tool: 'orders_list',
        provider: 'orders',
        scopes: [],
        reason: 'missing_token',
        method: 'apiKey',
      },
    ]);
    expect(tools.received.slice(before)).toEqual([
      { tool: 'orders_list', token: undefined },
      { tool: 'orders_list', token: 'key-from-the-hook' },
    ]);
  });

  it('never loops: a second refusal after the hook reaches the caller as a typed error', async () => {
    const { agent, asked } = agentOver(tools, async () => true);
    const before = tools.received.length;
    const error = await agent
      .forUser('bob')
      .callTool('orders_list')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthorizationRequiredError);
    expect(error).toMatchObject({ tool: 'orders_list', kind: 'missing_token' });
    expect(asked).toHaveLength(1);
    expect(tools.received.length).toBe(before + 2);
  });
});

describe('library code', () => {
  it('imports neither SDK line at run time: both are optional peers', async () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const roots = [join(here, '..'), join(here, '..', '..', '..', 'core', 'src')];
    const offenders: string[] = [];
    let read = 0;
    for (const root of roots) {
      for (const entry of await readdir(root, { recursive: true })) {
        if (!entry.endsWith('.ts') || entry.endsWith('.test.ts')) continue;
        read++;
        const source = await readFile(join(root, entry), 'utf8');
        // A type-only import is erased; any other import of an SDK package would load it.
        if (/^import (?!type )[^;]*from '@modelcontextprotocol\//m.test(source))
          offenders.push(entry);
      }
    }
    expect(read).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
  });
});
