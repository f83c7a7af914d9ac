// The servers the in-process v2 benchmarks compare, built once here (suites/server-v2.ts,
// suites/server-v2-isolated.ts and suites/server-v2-instructions.ts through
// lib/v2-scenario.ts, profile/v2-call.ts):
//   - bare: a plain v2 McpServer tool with a zod input schema that reads the token from
//     `_meta` by hand (the baseline);
//   - toolscope: registerTools with a `none`, oauth2 opaque or oauth2 jwt requirement;
// and a local JWKS server that signs RS256 access tokens for them.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import type { ToolRequirement } from '@toolscope/core';
import { registerTools } from '@toolscope/server/v2';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { z } from 'zod';

export const ISSUER = 'https://issuer.bench.example';
export const RESOURCE = 'https://api.bench.example';
const result = { content: [{ type: 'text' as const, text: 'ok' }] };

/** A JWKS endpoint on 127.0.0.1, as a provider publishes it, and tokens signed with its key. */
export interface Jwks {
  readonly jwksUri: string;
  /** A fresh RS256 access token (a new subject each time) for the bench's resource. */
  signToken(): Promise<string>;
  close(): void;
}

/**
 * `privatePem` (PKCS #8) signs with a given key instead of a new one: generating an RSA
 * key takes a varying number of instructions (the search for primes), which
 * suites/server-v2-instructions.ts must keep out of its counts.
 */
export async function startJwks(privatePem?: string): Promise<Jwks> {
  const {
    privateKey,
    publicKey,
  }: { privateKey: KeyObject | CryptoKey; publicKey: KeyObject | CryptoKey } =
    privatePem === undefined
      ? await generateKeyPair('RS256')
      : { privateKey: createPrivateKey(privatePem), publicKey: createPublicKey(privatePem) };
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  let serial = 0;
  return {
    jwksUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`,
    signToken: () =>
      new SignJWT({ scope: 'bench:read', client_id: 'bench' })
        .setProtectedHeader({ alg: 'RS256', kid: 'bench', typ: 'at+jwt' })
        .setIssuer(ISSUER)
        .setAudience(RESOURCE)
        .setSubject(`user-${serial++}`)
        .setExpirationTime('1h')
        .sign(privateKey),
    close: () => server.close(),
  };
}

/** The baseline: a plain McpServer tool that reads the token from `_meta` by hand. */
export function bareServer(): McpServer {
  const server = new McpServer({ name: 'bare', version: '1.0.0' });
  server.registerTool(
    'work',
    { inputSchema: z.object({ n: z.number().optional() }) },
    (_args, ctx) => {
      const auth = (ctx.mcpReq._meta as { authorization?: { token?: unknown } } | undefined)
        ?.authorization;
      if (auth !== undefined && typeof auth.token !== 'string') throw new TypeError('no token');
      return result;
    },
  );
  return server;
}

export type ToolscopeScenario = 'none' | 'opaque' | 'jwt';

const oauth: ToolRequirement = {
  method: 'oauth2',
  requiredScopes: ['bench:read'],
  provider: { id: 'bench', issuer: ISSUER, resource: RESOURCE },
};

/** toolscope's registerTools on a v2 McpServer; `jwt` verifies against `jwksUri`. */
export function toolscopeServer(scenario: ToolscopeScenario, jwksUri = ''): McpServer {
  const server = new McpServer({ name: 'toolscope', version: '1.0.0' });
  registerTools(
    server,
    [
      {
        definition: {
          name: 'work',
          inputSchema: { type: 'object', properties: { n: { type: 'number' } } },
          requirement: scenario === 'none' ? { method: 'none' } : oauth,
        },
        handler: () => result,
      },
    ],
    scenario === 'jwt'
      ? {
          providers: {
            bench: {
              id: 'bench',
              type: 'oauth2',
              verifier: { kind: 'jwt', jwksUri, algorithms: ['RS256'] },
            },
          },
        }
      : {},
  );
  return server;
}

/** One in-process scenario of the suites that run each server in a process of its own. */
export interface ProcessScenario {
  readonly name: string;
  /** The server lib/v2-scenario.ts builds. */
  readonly which: 'bare' | ToolscopeScenario;
  /** bare / scenario must be at least this (calls/s, or instructions per call inverted). */
  readonly target?: number;
}

/**
 * The scenarios of suites/server-v2-isolated.ts and suites/server-v2-instructions.ts, the
 * baseline first: bare, a control that is bare again, then toolscope with issue 12's targets.
 */
export const PROCESS_SCENARIOS: readonly ProcessScenario[] = [
  { name: 'bare v2 McpServer, token read from _meta by hand (baseline)', which: 'bare' },
  { name: 'control: bare again, in its own process', which: 'bare' },
  { name: 'toolscope none', which: 'none', target: 0.97 },
  { name: 'toolscope oauth2 opaque', which: 'opaque', target: 0.97 },
  { name: 'toolscope oauth2 jwt warm', which: 'jwt', target: 0.93 },
];

/** The official v2 Client connected to `server` over the SDK's InMemoryTransport. */
export async function connected(server: McpServer): Promise<Client> {
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  // The 2025 initialize handshake: v2 serves the 2026-07-28 era only through its serving
  // entries (createMcpHandler, serveStdio), so the http suite measures that era.
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(b);
  return client;
}
