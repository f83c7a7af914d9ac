import { createServer, type Server as HttpServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { ToolDefinition } from '@toolscope/core';
import { pino } from 'pino';

/** A token that must never show up anywhere but where it is sent. */
export const CANARY = 'canary-7f3c9e1d-TOKEN-should-never-leak';

/** A pino logger writing to an array, for canary assertions. */
export function captureLogs(): { logger: ReturnType<typeof pino>; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, sink), lines };
}

/** A real upstream API on 127.0.0.1 that records what it received. */
export async function startUpstream(
  status: () => number = () => 200,
  challenge: () => string | undefined = () => undefined,
): Promise<{ origin: string; seen: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const seen: IncomingHttpHeaders[] = [];
  const server: HttpServer = createServer((req, res) => {
    seen.push(req.headers);
    const wwwAuthenticate = challenge();
    res
      .writeHead(status(), {
        'content-type': 'application/json',
        ...(wwwAuthenticate === undefined ? {} : { 'www-authenticate': wwwAuthenticate }),
      })
      .end(JSON.stringify({ path: req.url }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    seen,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Definitions used across the tests. */
export function definitions(upstream: string) {
  const meetings: ToolDefinition<{
    method: 'oauth2';
    requiredScopes: readonly string[];
    provider: { id: string; issuer: string; resource: string };
  }> = {
    name: 'zoom_listMeetings',
    description: 'List meetings',
    inputSchema: {
      type: 'object',
      properties: { userId: { type: 'string', minLength: 1 } },
      required: ['userId'],
      additionalProperties: false,
    },
    outputSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
    requirement: {
      method: 'oauth2',
      requiredScopes: ['meeting:read'],
      provider: { id: 'zoom', issuer: 'https://zoom.example', resource: upstream },
    },
  };
  const orders: ToolDefinition<{
    method: 'apiKey';
    provider: { id: string; resource: string; headerName: string };
  }> = {
    name: 'crm_listOrders',
    inputSchema: { type: 'object', properties: {} },
    requirement: {
      method: 'apiKey',
      provider: { id: 'crm', resource: upstream, headerName: 'X-Api-Key' },
    },
  };
  const echo: ToolDefinition<{ method: 'none' }> = {
    name: 'echo',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
    requirement: { method: 'none' },
  };
  return { meetings, orders, echo };
}
