import type { IncomingMessage, ServerResponse } from 'node:http';
import { missingScopes, SELF_PROVIDER_ID, type ToolDefinition } from '@toolscope/core';
import type { ConnectionAuth } from './enforce.js';
import { ServerError, TokenVerificationError } from './errors.js';
import { isSelfTool } from './prepare.js';
import { bearerChallenge } from './profiles.js';
import type { VerifierConfig } from './types.js';
import { createToolTokenVerifier } from './verifiers/index.js';

/** Spec-native mode (wire-protocol.md §5): how the connection token is checked. */
export interface ConnectionAuthOptions {
  /** The MCP server's canonical URI: connection tokens must have it in `aud`. */
  readonly resource: string;
  /** Exact `iss` of connection tokens. */
  readonly issuer: string;
  readonly authorizationServers: readonly string[];
  /** jwt, introspection or custom; `opaque` is refused because it would admit any string. */
  readonly verifier: Exclude<VerifierConfig, { kind: 'opaque' }>;
  readonly scopesSupported?: readonly string[];
  /** The tools served, so a 403 can name every scope the called `self` tool needs. */
  readonly tools: readonly ({ readonly definition: ToolDefinition } | ToolDefinition)[];
  /** Where the RFC 9728 document is served; default `<origin of resource>/.well-known/oauth-protected-resource`. */
  readonly resourceMetadataUrl?: string;
}

/** Checks requests of the endpoint and serves the metadata document. */
export interface ConnectionGuard {
  readonly resourceMetadataUrl: string;
  isMetadataPath(pathname: string): boolean;
  serveMetadata(res: ServerResponse): void;
  /** Answers 401/403 itself and resolves false, or resolves who is calling. */
  admit(
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
  ): Promise<false | { readonly authInfo: ConnectionAuth; readonly subject: string | undefined }>;
}

function definitionOf(
  tool: { readonly definition: ToolDefinition } | ToolDefinition,
): ToolDefinition {
  return 'definition' in tool ? tool.definition : tool;
}

/** Names of the tools a JSON-RPC message or batch calls. */
function calledTools(body: unknown): string[] {
  const messages = Array.isArray(body) ? body : [body];
  const names: string[] = [];
  for (const m of messages) {
    if (m === null || typeof m !== 'object') continue;
    const msg = m as { method?: unknown; params?: { name?: unknown } };
    if (msg.method === 'tools/call' && typeof msg.params?.name === 'string')
      names.push(msg.params.name);
  }
  return names;
}

function challenge(res: ServerResponse, status: 401 | 403, value: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'www-authenticate': value });
  const message = status === 401 ? 'Unauthorized' : 'Forbidden';
  res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message } }));
}

/** Builds the guard of spec-native mode. */
export function createConnectionGuard(options: ConnectionAuthOptions): ConnectionGuard {
  // The type excludes `opaque`, but plain JS callers are not held to it: an opaque or
  // missing verifier would admit any Bearer string as a connection token.
  const kind = (options.verifier as { kind?: unknown } | undefined)?.kind;
  if (kind !== 'jwt' && kind !== 'introspection' && kind !== 'custom') {
    throw new ServerError(
      'VERIFIER_MISCONFIGURED',
      'connectionAuth needs a jwt, introspection or custom verifier.',
      { hint: 'An opaque connection verifier would accept any Bearer string.' },
    );
  }
  const resourceUrl = new URL(options.resource);
  const metadataUrl =
    options.resourceMetadataUrl ?? `${resourceUrl.origin}/.well-known/oauth-protected-resource`;
  const metadataPaths = new Set([
    new URL(metadataUrl).pathname,
    // RFC 9728 §3.1: the path-suffixed form for a resource with a path.
    `/.well-known/oauth-protected-resource${resourceUrl.pathname === '/' ? '' : resourceUrl.pathname}`,
  ]);
  const scopesByTool = new Map<string, readonly string[]>();
  for (const tool of options.tools) {
    const d = definitionOf(tool);
    if (isSelfTool(d) && d.requirement.method === 'oauth2') {
      scopesByTool.set(d.name, d.requirement.requiredScopes);
    }
  }
  const verify = createToolTokenVerifier(
    options.verifier,
    { providerId: SELF_PROVIDER_ID, issuer: options.issuer, audience: options.resource },
    { verifiedBy: 'connection' },
  );
  const document = JSON.stringify({
    resource: options.resource,
    authorization_servers: options.authorizationServers,
    scopes_supported: options.scopesSupported ?? [...new Set([...scopesByTool.values()].flat())],
    bearer_methods_supported: ['header'],
  });

  return {
    resourceMetadataUrl: metadataUrl,
    isMetadataPath: (pathname) => metadataPaths.has(pathname),
    serveMetadata(res) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' });
      res.end(document);
    },
    async admit(req, res, body) {
      const header = req.headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (match === null) {
        challenge(res, 401, bearerChallenge('connection_missing', undefined, metadataUrl));
        return false;
      }
      const token = match[1]!;
      let claims: Awaited<ReturnType<typeof verify>>;
      try {
        claims = await verify(token, { tool: '(connection)' });
      } catch (error) {
        if (!(error instanceof TokenVerificationError)) throw error;
        challenge(res, 401, bearerChallenge('invalid_token', undefined, metadataUrl));
        return false;
      }
      const scopes = claims?.scopes ?? [];
      for (const tool of calledTools(body)) {
        const needed = scopesByTool.get(tool);
        if (needed !== undefined && missingScopes(needed, scopes).length > 0) {
          // The challenge names every scope the tool needs, not only the missing ones (wire-protocol.md §5).
          challenge(res, 403, bearerChallenge('insufficient_scope', needed, metadataUrl));
          return false;
        }
      }
      const authInfo: ConnectionAuth = {
        token,
        clientId: claims?.clientId ?? '',
        scopes: [...scopes],
        resource: resourceUrl,
        extra: { subject: claims?.subject },
        ...(claims?.expiresAt === undefined
          ? {}
          : { expiresAt: Math.floor(claims.expiresAt.getTime() / 1000) }),
      };
      return { authInfo, subject: claims?.subject };
    },
  };
}
