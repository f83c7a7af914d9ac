/** A protected resource (RFC 8707 resource indicator) an issuer mints access tokens for. */
export interface ResourceOptions {
  /** The resource indicator; becomes the token's `aud`. */
  readonly indicator: string;
  /** Every scope this resource accepts. */
  readonly scopes: readonly string[];
  /** `jwt` (default) for self-contained tokens, `opaque` for tokens that must be introspected. */
  readonly format?: 'jwt' | 'opaque';
  /** Access token lifetime in seconds. Default 3600. */
  readonly accessTokenTtl?: number;
}

/** A registered client; redirect URIs match exactly. */
export interface ClientOptions {
  readonly clientId: string;
  /** `none` is a public client (PKCE only). */
  readonly authMethod: 'none' | 'client_secret_basic' | 'client_secret_post';
  /** Required unless `authMethod` is `none`. */
  readonly clientSecret?: string;
  readonly redirectUris: readonly string[];
}

/** One issuer, mounted under `/<id>` on the shared listener. */
export interface IssuerOptions {
  /** Path segment and handle key, e.g. `zoom`; letters, digits and dashes. */
  readonly id: string;
  readonly resources: readonly ResourceOptions[];
  readonly clients?: readonly ClientOptions[];
  /** Refresh token lifetime in seconds. Default 14 days. */
  readonly refreshTokenTtl?: number;
  /**
   * Rotate refresh tokens on every use (default true): a used one then fails
   * with `invalid_grant` and revokes the grant. False keeps a refresh token
   * valid until it expires, as many authorization servers do for confidential
   * clients; the scale test uses it so that an agent killed after the AS
   * answered a refresh, before its vault write, does not cost the user's grant.
   */
  readonly rotateRefreshTokens?: boolean;
}

/** One token endpoint request, as `grantLog` lists it: never a token. */
export interface GrantLogEntry {
  readonly grantType: string;
  /** The account the grant is for, when oidc-provider resolved one. */
  readonly accountId: string | undefined;
  readonly ok: boolean;
  /** Epoch milliseconds. */
  readonly at: number;
}

/** Options of `startAuthServer`. */
export interface AuthServerOptions {
  readonly issuers: readonly IssuerOptions[];
  /** Demo users by name; default `alice` and `bob` with passwords `alice-password` and `bob-password`. */
  readonly users?: Readonly<Record<string, string>>;
  /** Port on 127.0.0.1; default 0 (a free one). */
  readonly port?: number;
}

/** The token endpoint's JSON answer. */
export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: string;
  readonly expires_in?: number;
  readonly refresh_token?: string;
  readonly scope?: string;
  readonly id_token?: string;
}

/** What `issueToken` needs: whose token, from which issuer, for which resource and scopes. */
export interface IssueTokenRequest {
  readonly issuer: string;
  readonly user: string;
  readonly scopes: readonly string[];
  readonly resource: string;
  /** A public client registered on that issuer; default the built-in test client. */
  readonly clientId?: string;
}

/** A running authorization server. */
export interface AuthServerHandle {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Issuer URL of an issuer id, e.g. `http://127.0.0.1:4711/zoom`. */
  issuer(issuerId: string): string;
  /** Runs the real authorization code + PKCE flow headlessly and returns the token response. */
  issueToken(request: IssueTokenRequest): Promise<TokenResponse>;
  /** Puts a fresh signing key first; old keys stay published unless `dropOld`. Returns the new kid. */
  rotateKeys(issuerId: string, options?: { readonly dropOld?: boolean }): Promise<string>;
  /** Token endpoint requests so far, by `grant_type`. */
  tokenRequests(issuerId: string): Readonly<Record<string, number>>;
  /** Every token endpoint request so far, oldest first, with its account (scale tests count refreshes per user). */
  grantLog(issuerId: string): readonly GrantLogEntry[];
  /**
   * Takes the server off the network: the listener closes and open connections
   * are cut, so clients get connection refused; every issuer keeps its state.
   */
  suspend(): Promise<void>;
  /** Listens again on the same port after `suspend`. */
  resume(): Promise<void>;
  /** Holds every token endpoint request this long before it is handled (0: none), to simulate a slow AS. */
  setTokenDelay(ms: number): void;
  close(): Promise<void>;
}
