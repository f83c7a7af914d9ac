import { randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { type ClientMetadata, type Configuration, errors } from 'oidc-provider';
import { createIssuerStore, type IssuerStore } from './store.js';
import type { ClientOptions, GrantLogEntry, IssuerOptions } from './types.js';

/** The public client every issuer registers for `issueToken`. */
export const TEST_CLIENT_ID = 'toolscope-test';
/** Its redirect URI: never dereferenced, the headless login stops at it. */
export const TEST_REDIRECT_URI = 'http://127.0.0.1/toolscope-test/callback';

/** An RS256 signing key as a private JWK with a fresh kid. */
export async function createSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

function toClientMetadata(client: ClientOptions): ClientMetadata {
  const confidential = client.authMethod !== 'none';
  return {
    client_id: client.clientId,
    ...(confidential ? { client_secret: client.clientSecret } : {}),
    token_endpoint_auth_method: client.authMethod,
    redirect_uris: [...client.redirectUris],
    grant_types: confidential
      ? ['authorization_code', 'refresh_token', 'client_credentials']
      : ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  };
}

/** What one issuer needs to (re)build its Provider; kept so key rotation can rebuild it. */
export interface IssuerState {
  readonly options: IssuerOptions;
  readonly url: string;
  readonly store: IssuerStore;
  readonly cookieKeys: string[];
  keys: JWK[];
  provider: Provider;
  readonly tokenRequests: Record<string, number>;
  readonly grantLog: GrantLogEntry[];
}

/** Builds an oidc-provider instance for one issuer with its keys, resources and clients. */
export function buildProvider(
  state: Omit<IssuerState, 'provider'>,
  users: Readonly<Record<string, string>>,
): Provider {
  const { options } = state;
  const resources = new Map(options.resources.map((r) => [r.indicator, r]));
  const clients = [
    { clientId: TEST_CLIENT_ID, authMethod: 'none' as const, redirectUris: [TEST_REDIRECT_URI] },
    ...(options.clients ?? []),
  ].map(toClientMetadata);

  const configuration: Configuration = {
    adapter: state.store.adapter,
    clients,
    jwks: { keys: state.keys },
    cookies: { keys: state.cookieKeys },
    scopes: ['openid', 'offline_access'],
    claims: { openid: ['sub'], profile: ['name'] },
    responseTypes: ['code'],
    pkce: { required: () => true },
    async findAccount(_ctx, id) {
      if (users[id] === undefined) return undefined;
      return { accountId: id, claims: () => ({ sub: id, name: id }) };
    },
    interactions: { url: (_ctx, interaction) => `/${options.id}/interaction/${interaction.uid}` },
    // Public clients get refresh tokens too: the vault and rotation tests need them.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: options.rotateRefreshTokens ?? true,
    ttl: {
      // A function, so each resource's accessTokenTTL applies (a number would override it).
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 3600,
      AuthorizationCode: 60,
      ClientCredentials: 600,
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
      Grant: 14 * 24 * 3600,
      RefreshToken: options.refreshTokenTtl ?? 14 * 24 * 3600,
    },
    clientBasedCORS: () => false,
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>Error</title><h1>${escapeHtml(String(out['error']))}</h1><p>${escapeHtml(String(out['error_description'] ?? ''))}</p>`;
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, client) => client.clientAuthMethod !== 'none',
      },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => client.clientId === token.clientId,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) =>
          oneOf ?? options.resources[0]?.indicator ?? '',
        useGrantedResource: async () => true,
        async getResourceServerInfo(_ctx, indicator) {
          const resource = resources.get(indicator);
          if (resource === undefined) throw new errors.InvalidTarget();
          const format = resource.format ?? 'jwt';
          return {
            scope: resource.scopes.join(' '),
            audience: resource.indicator,
            accessTokenTTL: resource.accessTokenTtl ?? 3600,
            accessTokenFormat: format,
            ...(format === 'jwt' ? { jwt: { sign: { alg: 'RS256' as const } } } : {}),
          };
        },
      },
    },
  };

  const provider = new Provider(state.url, configuration);
  const count = (grantType: unknown, accountId: string | undefined, ok: boolean): void => {
    const key = typeof grantType === 'string' ? grantType : 'unknown';
    state.tokenRequests[key] = (state.tokenRequests[key] ?? 0) + 1;
    state.grantLog.push({ grantType: key, accountId, ok, at: Date.now() });
  };
  provider.on('grant.success', (ctx) =>
    count(ctx.oidc.params?.['grant_type'], ctx.oidc.account?.accountId, true),
  );
  provider.on('grant.error', (ctx) =>
    count(ctx.oidc.params?.['grant_type'], ctx.oidc.account?.accountId, false),
  );
  return provider;
}

/** Creates an issuer's state with one signing key and builds its Provider. */
export async function createIssuer(
  options: IssuerOptions,
  origin: string,
  users: Readonly<Record<string, string>>,
): Promise<IssuerState> {
  const base = {
    options,
    url: `${origin}/${options.id}`,
    store: createIssuerStore(),
    cookieKeys: [randomBytes(32).toString('base64url')],
    keys: [await createSigningKey()],
    tokenRequests: {},
    grantLog: [],
  };
  return { ...base, provider: buildProvider(base, users) };
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
