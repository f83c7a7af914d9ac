import { readFile } from 'node:fs/promises';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { McpServer } from '@modelcontextprotocol/server';
import { type HttpServeHandle, serveHttp } from '@toolscope/server/v2';
import {
  AuthorizationRequiredError,
  createZoomClient,
  createZoomUserClient,
  InsufficientAuthorizationError,
} from '@toolscope-demo/zoom-client';
import { registerZoomTools, type ZoomHandlers, zoomProviders } from '@toolscope-demo/zoom-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The committed generated packages for manifests/zoom.yaml, on a real
// McpServer over Streamable HTTP on 127.0.0.1, called through a real SDK Client.
const CANARY = 'canary-token-8f3a1c';
const meeting = { id: 'm1', topic: 'Standup', startTime: '2025-01-01T09:00:00Z' };
const seenTokens: Array<string | undefined> = [];

const handlers: ZoomHandlers = {
  zoomCreateMeeting: async (input, context) => {
    seenTokens.push(context.token);
    await context.fetch('/meetings', { method: 'POST' });
    return { meeting: { ...meeting, topic: input.topic } };
  },
  zoomGetMeeting: async (input, context) => {
    await context.fetch(`/meetings/${encodeURIComponent(input.meetingId)}`);
    return { meeting: { ...meeting, id: input.meetingId } };
  },
  zoomGetServiceStatus: (_input, context) => {
    seenTokens.push(context.token);
    return { status: 'operational' };
  },
  zoomListMeetings: () => ({ meetings: [meeting] }),
  zoomListPastMeetingParticipants: () => ({ participants: [{ name: 'Ada' }] }),
};

let http: HttpServeHandle;
let client: Client;
let upstream: HttpServer;

beforeAll(async () => {
  // Zoom's tokens are opaque (the manifest's verifier): the server checks presence
  // and method, and Zoom's API decides. This real loopback API plays Zoom's part.
  upstream = createServer((req, res) => {
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (token === 'good' || token === CANARY) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    } else if (token === 'narrow') {
      res
        .writeHead(403, {
          'www-authenticate': 'Bearer error="insufficient_scope", scope="meeting:read:meeting"',
        })
        .end();
    } else {
      res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
    }
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const zoomApi = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  http = await serveHttp({
    createServer: () => {
      const server = new McpServer({ name: 'zoom-e2e', version: '1.0.0' });
      // The generated provider defaults, with the API moved to loopback.
      registerZoomTools(server, handlers, {
        providers: { zoom: { ...zoomProviders.zoom, resource: zoomApi } },
      });
      return server;
    },
  });
  client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(http.url)));
});

afterAll(async () => {
  await client?.close();
  await http?.close();
  upstream?.closeAllConnections();
  await new Promise((r) => upstream?.close(r));
});

describe('generated zoom server and client over Streamable HTTP', () => {
  it('round-trips every tool with typed results', async () => {
    const zoom = createZoomClient(client);
    const token = { token: 'good' };
    const results = [
      await zoom.zoomListPastMeetingParticipants({ meetingId: 'm1' }, token),
      await zoom.zoomListMeetings({}, token),
      await zoom.zoomGetMeeting({ meetingId: 'm9' }, token),
      await zoom.zoomCreateMeeting({ topic: 'Retro', startTime: '2025-01-02T09:00:00Z' }, token),
      await zoom.zoomGetServiceStatus({}),
    ];
    expect(results.map((r) => (r.isError ? 'error' : r.structuredContent))).toEqual([
      { participants: [{ name: 'Ada' }] },
      { meetings: [meeting] },
      { meeting: { ...meeting, id: 'm9' } },
      { meeting: { ...meeting, topic: 'Retro' } },
      { status: 'operational' },
    ]);
    // The oauth2 handler got the token; the none handler never does.
    expect(seenTokens).toEqual(['good', undefined]);
  });

  it('turns -32001 and -32003 into typed errors carrying tool, scopes and provider', async () => {
    const zoom = createZoomClient(client);
    const missing = await zoom.zoomGetMeeting({ meetingId: 'm1' }, { token: '' }).catch((e) => e);
    expect(missing).toBeInstanceOf(AuthorizationRequiredError);
    expect(missing).toMatchObject({
      code: -32001,
      tool: 'zoom_getMeeting',
      kind: 'missing_token',
      requiredScopes: ['meeting:read:meeting'],
      provider: 'zoom',
    });
    const narrow = await zoom
      .zoomGetMeeting({ meetingId: 'm1' }, { token: 'narrow' })
      .catch((e) => e);
    expect(narrow).toBeInstanceOf(InsufficientAuthorizationError);
    expect(narrow).toMatchObject({ code: -32003, kind: 'insufficient_scope' });
    const expired = await zoom
      .zoomCreateMeeting(
        { topic: 't', startTime: '2025-01-01T00:00:00Z' },
        { token: CANARY.slice(1) },
      )
      .catch((e) => e);
    expect(expired).toBeInstanceOf(InsufficientAuthorizationError);
    expect(expired).toMatchObject({ code: -32003, kind: 'invalid_token' });
    expect(JSON.stringify(expired.data)).not.toContain(CANARY.slice(1));
  });

  it('sends exactly the errors the generated docs page shows', async () => {
    const page = await readFile(
      new URL('../../generated/zoom-docs/docs/tools/zoom_getMeeting.md', import.meta.url),
      'utf8',
    );
    const documented = [...page.matchAll(/```json\n([\s\S]*?)\n```/g)]
      .map((m) => JSON.parse(m[1] ?? 'null'))
      .filter((response) => response?.error !== undefined)
      .map((response) => response.error);
    const sent = [];
    for (const [authorization, args] of [
      [undefined, { meetingId: 'm1' }],
      // Any other token is rejected; it must not be a word of the error text, which the server redacts it from.
      [{ method: 'oauth2', token: 'unknown-token-7f3a' }, { meetingId: 'm1' }],
      [{ method: 'oauth2', token: 'narrow' }, { meetingId: 'm1' }],
      [{ method: 'apiKey', token: 'good' }, { meetingId: 'm1' }],
      [{ method: 'oauth2', token: 'good' }, {}],
    ] as const) {
      const error = await client
        .callTool({
          name: 'zoom_getMeeting',
          arguments: args,
          ...(authorization ? { _meta: { authorization } } : {}),
        })
        .catch((e: McpError) => e);
      expect(error).toBeInstanceOf(McpError);
      const { code, message, data } = error as McpError;
      // The client's McpError prefixes the message the server sent with "MCP error <code>: ".
      const wire = message.slice(`MCP error ${code}: `.length);
      sent.push(data === undefined ? { code, message: wire } : { code, message: wire, data });
    }
    expect(sent.map((e) => e.code)).toEqual([-32001, -32003, -32003, -32003, -32602]);
    expect(documented).toEqual(sent);
  });

  it('lets the user-bound client retry once after the token source reacts', async () => {
    let current = 'narrow';
    const reactions: string[] = [];
    const user = createZoomUserClient(client, {
      getToken: () => current,
      onAuthorizationError: async (error) => {
        reactions.push(`${error.kind}:${error.requiredScopes.join(',')}`);
        current = 'good';
        return true;
      },
    });
    const result = await user.zoomGetMeeting({ meetingId: 'm2' });
    expect(result.isError ? undefined : result.structuredContent.meeting.id).toBe('m2');
    expect(reactions).toEqual(['insufficient_scope:meeting:read:meeting']);
  });
});
