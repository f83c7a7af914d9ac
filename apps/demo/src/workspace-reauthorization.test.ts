import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  connectWithOneReauthorization,
  connectWorkspace,
  Transcript,
  WorkspaceAuthorizationError,
} from '@toolscope/demo-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TOKEN = 'connection-token-canary-4e2a';

// A header-mode endpoint on loopback that refuses every token it is shown,
// as one would whose authorization server issues tokens for another audience.
let endpoint: Server;
let url: string;
let requests = 0;

beforeAll(async () => {
  endpoint = createServer((req, res) => {
    requests++;
    req.resume();
    res
      .writeHead(401, {
        'www-authenticate': `Bearer error="invalid_token", resource_metadata="${url}/.well-known/oauth-protected-resource"`,
        'content-type': 'application/json',
      })
      .end('{"error":"invalid_token"}');
  });
  await new Promise<void>((r) => endpoint.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`;
});

afterAll(async () => {
  endpoint.closeAllConnections();
  await new Promise((r) => endpoint.close(r));
});

describe('the workspace step against an endpoint that keeps refusing', () => {
  it('re-authorizes once, then puts a typed error in the transcript instead of looping', async () => {
    const lines: string[] = [];
    const transcript = new Transcript((line) => lines.push(line));
    let reauthorizations = 0;
    let attempts = 0;
    const error = await connectWithOneReauthorization(
      () => {
        attempts++;
        return connectWorkspace(`${url}/mcp`, TOKEN);
      },
      async () => {
        reauthorizations++;
      },
      transcript,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkspaceAuthorizationError);
    expect(error).toMatchObject({ status: 401, code: 'TOKEN_REJECTED' });
    expect(reauthorizations).toBe(1);
    expect(attempts).toBe(2);
    expect(requests).toBeGreaterThanOrEqual(2);
    const text = lines.join('\n');
    expect(text).toMatch(/agent +the caller gets WorkspaceAuthorizationError .*; no loop/);
    expect(text.match(/server +HTTP 401/g)).toHaveLength(2);
    expect(`${text}\n${JSON.stringify(error)}\n${(error as Error).stack}`).not.toContain(TOKEN);
  });
});
