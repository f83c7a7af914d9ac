import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ToolscopeError } from '@toolscope/core';
import { createPkcePair, loginHeadless } from './headless.js';
import { handleInteraction } from './interactions.js';
import {
  buildProvider,
  createIssuer,
  createSigningKey,
  type IssuerState,
  TEST_CLIENT_ID,
  TEST_REDIRECT_URI,
} from './issuers.js';
import type {
  AuthServerHandle,
  AuthServerOptions,
  IssueTokenRequest,
  TokenResponse,
} from './types.js';

/** Demo users when none are given. */
export const DEFAULT_USERS: Readonly<Record<string, string>> = {
  alice: 'alice-password',
  bob: 'bob-password',
};

function unknownIssuer(id: string): ToolscopeError {
  return new ToolscopeError('CONFIG_INVALID', `No issuer with id "${id}" on this auth server.`, {
    hint: 'Pass it in startAuthServer({ issuers: [{ id, resources }] }).',
  });
}

/**
 * Starts one HTTP listener on 127.0.0.1 hosting one oidc-provider per issuer,
 * each mounted under `/<id>` with its own issuer URL, keys and storage.
 */
export async function startAuthServer(options: AuthServerOptions): Promise<AuthServerHandle> {
  const users = options.users ?? DEFAULT_USERS;
  const issuers = new Map<string, IssuerState>();

  let tokenDelayMs = 0;
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    if (tokenDelayMs > 0 && path.endsWith('/token')) {
      await new Promise((resolve) => setTimeout(resolve, tokenDelayMs));
    }
    const id = path.split('/')[1] ?? '';
    const issuer = issuers.get(id);
    if (issuer === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const mount = `/${id}`;
    const rest = (req.url ?? '/').slice(mount.length) || '/';
    const restPath = rest.split('?', 1)[0] ?? '/';
    if (await handleInteraction(issuer.provider, mount, restPath, req, res, users)) return;
    // oidc-provider derives its mount path from originalUrl minus url (as under express).
    Object.assign(req, { originalUrl: req.url });
    req.url = rest;
    issuer.provider.callback()(req, res);
  };

  const server = createServer((req, res) => {
    route(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  let suspended = false;
  for (const issuerOptions of options.issuers) {
    issuers.set(issuerOptions.id, await createIssuer(issuerOptions, origin, users));
  }

  const get = (id: string): IssuerState => {
    const issuer = issuers.get(id);
    if (issuer === undefined) throw unknownIssuer(id);
    return issuer;
  };

  const issueToken = async (request: IssueTokenRequest): Promise<TokenResponse> => {
    const issuer = get(request.issuer);
    const clientId = request.clientId ?? TEST_CLIENT_ID;
    const client = issuer.options.clients?.find((c) => c.clientId === clientId);
    const redirectUri = client?.redirectUris[0] ?? TEST_REDIRECT_URI;
    const password = users[request.user];
    if (password === undefined) throw unknownIssuer(`${request.issuer} (user ${request.user})`);
    const pkce = createPkcePair();
    const auth = new URL(`${issuer.url}/auth`);
    auth.search = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: request.scopes.join(' '),
      resource: request.resource,
      state: 'issue-token',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    }).toString();
    const callback = new URL(
      await loginHeadless({ authorizationUrl: auth.href, username: request.user, password }),
    );
    const code = callback.searchParams.get('code');
    if (code === null) {
      throw new ToolscopeError('OAUTH_FLOW_FAILED', 'The authorization response carried no code.', {
        hint: `error=${callback.searchParams.get('error') ?? 'none'}`,
      });
    }
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: pkce.verifier,
      resource: request.resource,
    });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (client === undefined || client.authMethod === 'none') body.set('client_id', clientId);
    else if (client.authMethod === 'client_secret_post') {
      body.set('client_id', clientId);
      body.set('client_secret', client.clientSecret ?? '');
    } else {
      const basic = `${encodeURIComponent(clientId)}:${encodeURIComponent(client.clientSecret ?? '')}`;
      headers['authorization'] = `Basic ${Buffer.from(basic).toString('base64')}`;
    }
    const response = await fetch(`${issuer.url}/token`, { method: 'POST', headers, body });
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok || typeof json['access_token'] !== 'string') {
      throw new ToolscopeError(
        'OAUTH_FLOW_FAILED',
        `The token endpoint answered HTTP ${response.status}.`,
        {
          hint: typeof json['error'] === 'string' ? json['error'] : 'no error code',
        },
      );
    }
    return json as unknown as TokenResponse;
  };

  return {
    origin,
    issuer: (id) => get(id).url,
    issueToken,
    async rotateKeys(id, rotation) {
      const issuer = get(id);
      const key = await createSigningKey();
      issuer.keys = rotation?.dropOld === true ? [key] : [key, ...issuer.keys];
      // oidc-provider reads its keystore once, so rotation rebuilds the instance over the same storage.
      issuer.provider = buildProvider(issuer, users);
      return key.kid ?? '';
    },
    tokenRequests: (id) => ({ ...get(id).tokenRequests }),
    grantLog: (id) => [...get(id).grantLog],
    suspend: () =>
      new Promise<void>((resolve, reject) => {
        if (suspended) return resolve();
        suspended = true;
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    resume: () =>
      new Promise<void>((resolve, reject) => {
        if (!suspended) return resolve();
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          suspended = false;
          resolve();
        });
      }),
    setTokenDelay(ms) {
      tokenDelayMs = Math.max(0, ms);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const issuer of issuers.values()) issuer.store.close();
        server.closeAllConnections();
        if (suspended) return resolve();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
