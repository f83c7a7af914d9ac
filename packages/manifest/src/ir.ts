/**
 * The toolscope IR: normalized, sorted, plain data. No zod, yaml or ts-morph
 * types reach it. The generator, the docs and the runtime consume only this.
 */

/** Where a node came from: 1-based line and column, and an RFC 6901 JSON pointer. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly pointer: string;
}

/** Every manifest loaded together. */
export interface ManifestIR {
  /** Sorted by `name`. */
  readonly toolsets: readonly ToolsetIR[];
}

/** One manifest file: one toolset. */
export interface ToolsetIR {
  /** Toolset id, e.g. `zoom`: lowercase letters, digits and dashes. */
  readonly name: string;
  /** Semver of the toolset; becomes the generated packages' version. */
  readonly version: string;
  readonly title: string;
  readonly description?: string;
  /** Sorted by `id`. */
  readonly providers: readonly ProviderIR[];
  /** Sorted by `name`. */
  readonly tools: readonly ToolIR[];
  /** Named schemas from the manifest's top-level `$defs`, sorted by `name`. */
  readonly defs: readonly NamedSchemaIR[];
  readonly source: SourcePosition;
}

/** A provider: the service (or the MCP server itself, `self`) whose credential a tool needs. */
export type ProviderIR = OAuth2ProviderIR | ApiKeyProviderIR;

/** A provider that issues OAuth 2 access tokens. */
export interface OAuth2ProviderIR {
  readonly type: 'oauth2';
  readonly id: string;
  /** True for the provider id `self`: the MCP server's own authorization server (wire-protocol.md §5). */
  readonly self: boolean;
  readonly title?: string;
  /** What the service is, for the generated docs. */
  readonly description?: string;
  readonly issuer: string;
  readonly authorizationEndpoint?: string;
  readonly tokenEndpoint?: string;
  /** The audience of its tokens (RFC 8707 resource); the upstream fetch is bound to its origin. */
  readonly resource: string;
  /** The scope catalog, sorted by `name`. */
  readonly scopes: readonly ScopeIR[];
  readonly verifier: VerifierIR;
  readonly source: SourcePosition;
}

/** A provider whose credential is an API key held by a user or a tenant. */
export interface ApiKeyProviderIR {
  readonly type: 'apiKey';
  readonly id: string;
  readonly self: false;
  readonly title?: string;
  readonly description?: string;
  /** Base URL of the service the key is for; the upstream fetch is bound to its origin. */
  readonly resource: string;
  /** The header the service reads the key from, e.g. `X-Api-Key` or `Authorization`. */
  readonly headerName: string;
  /** Optional prefix before the key in that header, e.g. `Bearer ` or `ApiKey `. */
  readonly valuePrefix?: string;
  /** Who holds the key: one end user, or a tenant (department) shared by its users. */
  readonly holder: 'user' | 'tenant';
  readonly source: SourcePosition;
}

/** One scope in a provider's catalog. */
export interface ScopeIR {
  readonly name: string;
  readonly description: string;
  readonly source: SourcePosition;
}

/** How the server verifies tool tokens of a provider (wire-protocol.md §4). Never holds secrets. */
export type VerifierIR =
  | { readonly kind: 'opaque' }
  | {
      readonly kind: 'jwt';
      readonly jwksUri: string;
      /** Allowed JWS algorithms; never `none` or an HMAC algorithm. */
      readonly algorithms: readonly string[];
      /** Required `typ` header, e.g. `at+jwt`, when the provider sets one. */
      readonly typ?: string;
    }
  | {
      readonly kind: 'introspection';
      readonly endpoint: string;
      /** Client id the server authenticates to the introspection endpoint with. */
      readonly clientId?: string;
      /** Name of the environment variable holding the client secret (the secret never enters the IR). */
      readonly clientSecretEnv?: string;
    };

/** A tool's authorization, as the manifest says it. */
export type AuthorizationIR =
  | { readonly method: 'none' }
  | {
      readonly method: 'oauth2';
      readonly provider: string;
      /** Manifest order, no duplicates, every one in the provider's catalog. */
      readonly requiredScopes: readonly string[];
    }
  | { readonly method: 'apiKey'; readonly provider: string };

/** MCP tool annotations. */
export interface ToolAnnotationsIR {
  readonly title?: string;
  readonly readOnlyHint?: boolean;
  readonly destructiveHint?: boolean;
  readonly idempotentHint?: boolean;
  readonly openWorldHint?: boolean;
}

/** One tool. */
export interface ToolIR {
  /** MCP tool name: 1–128 characters of `A-Za-z0-9_.-`, unique across all toolsets. */
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly annotations?: ToolAnnotationsIR;
  readonly authorization: AuthorizationIR;
  /** The input as typed schema IR; always an object schema. */
  readonly input: ObjectSchemaIR;
  /** The output as typed schema IR, when the manifest declares one. */
  readonly output?: ObjectSchemaIR;
  /**
   * The exact JSON Schema 2020-12 documents for the wire (`inputSchema` / `outputSchema`),
   * self-contained: any `$ref` to the manifest's `$defs` is carried in a local `$defs`.
   */
  readonly inputSchema: JsonSchemaDocument;
  readonly outputSchema?: JsonSchemaDocument;
  /** How the tool's input becomes one HTTP request, when it is declarative (needs no handler). */
  readonly http?: HttpMappingIR;
  readonly source: SourcePosition;
}

/**
 * A declarative tool's HTTP mapping (the manifest's `http`), checked against the
 * tool's input and authorization, with defaults filled in. Plain JSON data: the
 * generated definitions and `toolscope serve` hand it to the server runtime as is.
 */
export interface HttpMappingIR {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Starts with `/`; each `{name}` is a required input property. Appended to the resource's path. */
  readonly path: string;
  /** Query parameter name to input property name, in manifest order. */
  readonly query?: Readonly<Record<string, string>>;
  /** Header name to input property name, in manifest order. */
  readonly headers?: Readonly<Record<string, string>>;
  /** `rest`: the properties no other part uses, as a JSON object; `{ property }`: that property's value. */
  readonly body?: 'rest' | { readonly property: string };
  readonly response: {
    /** RFC 6901 pointer into the JSON response body; `""` is the whole body. */
    readonly pointer: string;
    /** Statuses answered as tool errors (`404`, `4XX`); 401/403 are always -32003. */
    readonly toolErrors: readonly string[];
  };
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  /** Only for `none` tools: where the request goes. */
  readonly baseUrl?: string;
}

/** A JSON Schema document as plain JSON data. */
export type JsonSchemaDocument = { readonly type: 'object' } & Readonly<Record<string, unknown>>;

/** Keywords every schema node may carry. */
interface SchemaCommon {
  readonly description?: string;
  readonly title?: string;
  /** JSON value of `default`, when present. */
  readonly default?: unknown;
  readonly deprecated?: boolean;
  readonly source: SourcePosition;
}

/** A string schema. */
export interface StringSchemaIR extends SchemaCommon {
  readonly kind: 'string';
  readonly enum?: readonly string[];
  readonly const?: string;
  readonly format?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
}

/** A number or integer schema. */
export interface NumberSchemaIR extends SchemaCommon {
  readonly kind: 'number' | 'integer';
  readonly enum?: readonly number[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: number;
}

/** A boolean schema. */
export interface BooleanSchemaIR extends SchemaCommon {
  readonly kind: 'boolean';
}

/** The `null` type (only inside a union, e.g. `type: [string, "null"]`). */
export interface NullSchemaIR extends SchemaCommon {
  readonly kind: 'null';
}

/** An array schema with one item schema. */
export interface ArraySchemaIR extends SchemaCommon {
  readonly kind: 'array';
  readonly items: SchemaIR;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
}

/** One property of an object schema. */
export interface PropertyIR {
  readonly name: string;
  readonly required: boolean;
  readonly schema: SchemaIR;
}

/** An object schema. Properties keep the manifest's order (it is the author's reading order). */
export interface ObjectSchemaIR extends SchemaCommon {
  readonly kind: 'object';
  readonly properties: readonly PropertyIR[];
  /** `false` unless the manifest allows extra properties; `true` or a schema for maps. */
  readonly additionalProperties: boolean | SchemaIR;
}

/** A union (`anyOf`/`oneOf`, or `type` given as an array). */
export interface UnionSchemaIR extends SchemaCommon {
  readonly kind: 'union';
  readonly variants: readonly SchemaIR[];
}

/** A reference to a named schema in the toolset's `$defs`. */
export interface RefSchemaIR extends SchemaCommon {
  readonly kind: 'ref';
  /** The `$defs` entry name. */
  readonly name: string;
}

/** A typed JSON Schema node that later stages can type faithfully (no silent `any`). */
export type SchemaIR =
  | StringSchemaIR
  | NumberSchemaIR
  | BooleanSchemaIR
  | NullSchemaIR
  | ArraySchemaIR
  | ObjectSchemaIR
  | UnionSchemaIR
  | RefSchemaIR;

/** An entry of `$defs`. */
export interface NamedSchemaIR {
  readonly name: string;
  readonly schema: SchemaIR;
}
