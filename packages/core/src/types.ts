/** How a tool is authorized (wire-protocol.md §1). */
export type AuthorizationMethod = 'none' | 'oauth2' | 'apiKey';

/** Public facts about the service behind a tool; never secrets (wire-protocol.md §1). */
export interface ProviderInfo {
  /** Provider id as named in the manifest, e.g. `zoom`, or `self` for the MCP server's own AS. */
  readonly id: string;
  readonly issuer?: string | undefined;
  readonly authorizationEndpoint?: string | undefined;
  readonly tokenEndpoint?: string | undefined;
  /** The audience / protected resource the tool token is for (RFC 8707). */
  readonly resource?: string | undefined;
  /** For apiKey providers: the header the upstream service reads the key from. */
  readonly headerName?: string | undefined;
}

/** A tool that needs no end-user credential. */
export interface NoneRequirement {
  readonly method: 'none';
}

/** A tool that needs the end user's OAuth 2 access token for its provider. */
export interface OAuth2Requirement {
  readonly method: 'oauth2';
  /** Every scope the token must hold; order is the manifest's; may be empty. */
  readonly requiredScopes: readonly string[];
  readonly provider: ProviderInfo;
}

/** A tool that needs an API key the user or their tenant already holds. */
export interface ApiKeyRequirement {
  readonly method: 'apiKey';
  readonly provider: ProviderInfo;
}

/** One tool's authorization requirement, the single source every dialect is rendered from. */
export type ToolRequirement = NoneRequirement | OAuth2Requirement | ApiKeyRequirement;

/** The top-level `authorization` field of a Tool (the proposal's dialect). */
export type AuthorizationDeclaration =
  | { readonly method: 'none' }
  | { readonly method: 'oauth2'; readonly requiredScopes: readonly string[] }
  | { readonly method: 'apiKey' };

/** `_meta["io.toolscope/authorization"]`: the declaration plus the provider's public facts. */
export type MetaAuthorizationDeclaration =
  | { readonly method: 'none' }
  | {
      readonly method: 'oauth2';
      readonly requiredScopes: readonly string[];
      readonly provider: ProviderInfo;
    }
  | { readonly method: 'apiKey'; readonly provider: ProviderInfo };

/** OpenAI Apps SDK / SEP-1488 security scheme. */
export type SecurityScheme =
  | { readonly type: 'noauth' }
  | { readonly type: 'oauth2'; readonly scopes: readonly string[] }
  | { readonly type: 'apiKey' };

/** The fields one requirement adds to a Tool object in `tools/list` (wire-protocol.md §1). */
export interface ToolDeclarationFields {
  readonly authorization: AuthorizationDeclaration;
  readonly securitySchemes: readonly SecurityScheme[];
  readonly _meta: {
    readonly 'io.toolscope/authorization': MetaAuthorizationDeclaration;
    readonly securitySchemes: readonly SecurityScheme[];
  };
}

/** `params._meta.authorization` on `tools/call` (wire-protocol.md §2). */
export interface CallAuthorization {
  readonly method: 'oauth2' | 'apiKey';
  readonly token: string;
}

/** Machine-readable reason of an authorization error (wire-protocol.md §3). */
export type AuthErrorKind =
  | 'missing_token'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'method_mismatch';

/** `error.data` of an authorization error (wire-protocol.md §3); never holds token material. */
export interface AuthErrorData {
  readonly tool: string;
  readonly error: AuthErrorKind;
  readonly reason: string;
  readonly authorization: MetaAuthorizationDeclarationForError;
}

/** The requirement as echoed in error data: provider trimmed to its id. */
export type MetaAuthorizationDeclarationForError =
  | { readonly method: 'none' }
  | {
      readonly method: 'oauth2';
      readonly requiredScopes: readonly string[];
      readonly provider: { readonly id: string };
    }
  | { readonly method: 'apiKey'; readonly provider: { readonly id: string } };

/** A JSON Schema object as it travels in `inputSchema`/`outputSchema`. */
export interface JsonSchemaObject {
  readonly type: 'object';
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly required?: readonly string[];
  readonly [keyword: string]: unknown;
}

/** MCP tool annotations (behaviour hints). */
export interface ToolAnnotations {
  readonly title?: string;
  readonly readOnlyHint?: boolean;
  readonly destructiveHint?: boolean;
  readonly idempotentHint?: boolean;
  readonly openWorldHint?: boolean;
}

/**
 * Everything a server needs to declare one tool: what the generator emits and
 * what hand-written servers pass to `@toolscope/server`.
 */
export interface ToolDefinition<R extends ToolRequirement = ToolRequirement> {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly inputSchema: JsonSchemaObject;
  readonly outputSchema?: JsonSchemaObject;
  readonly annotations?: ToolAnnotations;
  readonly requirement: R;
  /**
   * How the tool's input becomes one HTTP request to its provider's resource
   * (a declarative tool): the server answers with the response and needs no
   * handler. Never listed in `tools/list`.
   */
  readonly http?: HttpMapping;
}

/** HTTP methods of a declarative tool. */
export type HttpMappingMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A declarative tool's HTTP mapping, as the manifest's `http` declares it (defaults optional). */
export interface HttpMapping {
  readonly method: HttpMappingMethod;
  /** Starts with `/`, appended to the resource path; each `{name}` is a required input property. */
  readonly path: string;
  /** Query parameter name to input property name (arrays repeat the parameter). */
  readonly query?: Readonly<Record<string, string>>;
  /** Header name to input property name. */
  readonly headers?: Readonly<Record<string, string>>;
  /** `rest`: the input properties no other part uses, as a JSON object; `{ property }`: that property's value. */
  readonly body?: 'rest' | { readonly property: string };
  readonly response?: {
    /** RFC 6901 pointer into the JSON response body; default `""`, the whole body. */
    readonly pointer?: string;
    /** Statuses answered as tool errors (`404`, `4XX`); default 4XX and 5XX. 401/403 are always -32003. */
    readonly toolErrors?: readonly string[];
  };
  /** Default 10000. */
  readonly timeoutMs?: number;
  /** Default 1 MiB; a larger response is a tool error. */
  readonly maxResponseBytes?: number;
  /** Only for `none` tools: where the request goes (a provider tool always goes to its resource). */
  readonly baseUrl?: string;
}
