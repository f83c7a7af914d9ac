/**
 * The manifest format's own schema. It checks the shape of a manifest; the
 * cross-references (providers, scopes, `$ref`s) and the tool schemas are checked
 * by the loader, which knows the whole toolset.
 */
import { z } from 'zod';

/** MCP's rule for tool names. */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;
/** Toolset ids become npm package names, hence lowercase. */
export const TOOLSET_NAME_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;
/** Provider ids become identifiers in generated code and keys in token vaults. */
export const PROVIDER_ID_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;
/** Semantic Versioning 2.0.0, as its specification gives it. */
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
/** RFC 6749 §3.3 scope-token characters. */
const SCOPE_PATTERN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** RFC 9110 header field-name token characters. */
const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A POSIX-style environment variable name. */
const ENV_NAME_PATTERN = /^[A-Z_][A-Z0-9_]*$/;

/** JWS algorithms a verifier may allow: asymmetric only, so a public JWKS can never be used as an HMAC key. */
export const JWT_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

const httpUrl = z.url({ protocol: /^https?$/ });

const opaqueVerifier = z
  .strictObject({ kind: z.literal('opaque') })
  .meta({ description: 'Presence and method only; the upstream service decides.' });

const jwtVerifier = z
  .strictObject({
    kind: z.literal('jwt'),
    jwksUri: httpUrl.meta({ description: 'Where the provider publishes its signing keys.' }),
    algorithms: z
      .array(z.enum(JWT_ALGORITHMS))
      .min(1)
      .meta({ description: 'Allowed JWS algorithms; never none or HMAC.' }),
    typ: z.string().min(1).optional().meta({ description: 'Required typ header, e.g. at+jwt.' }),
  })
  .meta({ description: 'Verify JWT access tokens against the provider JWKS.' });

const introspectionVerifier = z
  .strictObject({
    kind: z.literal('introspection'),
    endpoint: httpUrl.meta({ description: 'RFC 7662 token introspection endpoint.' }),
    clientId: z.string().min(1).optional(),
    clientSecretEnv: z
      .string()
      .regex(ENV_NAME_PATTERN)
      .optional()
      .meta({ description: 'Name of the environment variable holding the client secret.' }),
  })
  .meta({ description: 'Ask the provider about each token (RFC 7662).' });

/** How the server verifies a provider's tokens (wire-protocol.md §4). */
export const verifierSchema = z.discriminatedUnion('kind', [
  opaqueVerifier,
  jwtVerifier,
  introspectionVerifier,
]);

/** An OAuth 2 provider: issuer, endpoints, audience, scope catalog and verifier. */
export const oauth2ProviderSchema = z
  .strictObject({
    type: z.literal('oauth2'),
    title: z.string().min(1).optional(),
    description: z.string().optional(),
    issuer: httpUrl,
    authorizationEndpoint: httpUrl.optional(),
    tokenEndpoint: httpUrl.optional(),
    resource: httpUrl.meta({ description: 'The audience of its tokens (RFC 8707).' }),
    scopes: z
      .record(z.string().regex(SCOPE_PATTERN), z.string())
      .optional()
      .meta({ description: 'The scope catalog: scope name to what it allows.' }),
    verifier: verifierSchema.optional().meta({ description: 'Defaults to { kind: opaque }.' }),
  })
  .meta({ description: 'A provider that issues OAuth 2 access tokens.' });

/** An API key provider: the header the service reads, and who holds the key. */
export const apiKeyProviderSchema = z
  .strictObject({
    type: z.literal('apiKey'),
    title: z.string().min(1).optional(),
    description: z.string().min(1).meta({ description: 'What the key is and where to get one.' }),
    resource: httpUrl.meta({ description: 'Base URL of the service the key is for.' }),
    headerName: z.string().regex(HEADER_NAME_PATTERN),
    valuePrefix: z.string().optional().meta({ description: 'e.g. "Bearer " or "ApiKey ".' }),
    holder: z
      .enum(['user', 'tenant'])
      .optional()
      .meta({ description: 'One end user (default), or a tenant shared by its users.' }),
  })
  .meta({ description: 'A provider whose credential is an API key.' });

/** Any provider, told apart by `type`. */
export const providerSchema = z.discriminatedUnion('type', [
  oauth2ProviderSchema,
  apiKeyProviderSchema,
]);

const authorizationObject = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('none') }),
  z.strictObject({
    method: z.literal('oauth2'),
    provider: z.string().min(1).optional(),
    requiredScopes: z.array(z.string().regex(SCOPE_PATTERN)).optional(),
  }),
  z.strictObject({ method: z.literal('apiKey'), provider: z.string().min(1).optional() }),
]);

/** A tool's authorization: `none`, or an object with a `method`. */
export const authorizationSchema = z.union([z.literal('none'), authorizationObject]);

/** MCP tool annotations. */
export const annotationsSchema = z.strictObject({
  title: z.string().optional(),
  readOnlyHint: z.boolean().optional(),
  destructiveHint: z.boolean().optional(),
  idempotentHint: z.boolean().optional(),
  openWorldHint: z.boolean().optional(),
});

// Tool schemas are checked keyword by keyword by the loader, which reports far
// better than a union-heavy zod schema would; here they only need to be objects.
const jsonSchemaObject = z
  .record(z.string(), z.unknown())
  .meta({ description: 'A JSON Schema 2020-12 object schema (root type: object).' });

/** HTTP methods a declarative tool may use. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const propertyName = z.string().min(1).meta({ description: 'An input property name.' });

/** How a declarative tool's input becomes one request to its provider, and the response its result. */
export const httpMappingSchema = z
  .strictObject({
    method: z.enum(HTTP_METHODS),
    path: z
      .string()
      .regex(/^\/[^?#\s]*$/)
      .meta({
        description:
          'Appended to the provider resource path; each {name} is a required input property, encoded as one segment.',
      }),
    query: z
      .record(z.string().min(1), propertyName)
      .optional()
      .meta({ description: 'Query parameter name to input property name.' }),
    headers: z
      .record(z.string().regex(HEADER_NAME_PATTERN), propertyName)
      .optional()
      .meta({ description: 'Header name to input property name.' }),
    body: z
      .union([z.literal('rest'), z.strictObject({ property: propertyName })])
      .optional()
      .meta({
        description:
          '`rest`: the input properties not used elsewhere, as a JSON object; `{ property }`: that property as the JSON body.',
      }),
    response: z
      .strictObject({
        pointer: z
          .string()
          .regex(/^(\/([^~]|~[01])*)*$/)
          .optional()
          .meta({
            description: 'RFC 6901 pointer into the JSON response body; default the whole body.',
          }),
        toolErrors: z
          .array(z.string().regex(/^[1-5]([0-9]{2}|XX)$/))
          .optional()
          .meta({
            description: 'Statuses answered as tool errors, e.g. 404 or 4XX; default 4XX and 5XX.',
          }),
      })
      .optional(),
    timeoutMs: z.int().min(1).max(600_000).optional().meta({ description: 'Default 10000.' }),
    maxResponseBytes: z
      .int()
      .min(1)
      .optional()
      .meta({ description: 'Default 1048576 (1 MiB); larger responses are a tool error.' }),
    baseUrl: httpUrl
      .optional()
      .meta({ description: 'Only for tools with authorization none: where the request goes.' }),
  })
  .meta({ description: 'A declarative HTTP tool: no handler needed.' });

/** One tool. */
export const toolSchema = z.strictObject({
  title: z.string().min(1).optional(),
  description: z.string().optional(),
  annotations: annotationsSchema.optional(),
  authorization: authorizationSchema,
  input: jsonSchemaObject.optional().meta({ description: 'Defaults to an empty object schema.' }),
  output: jsonSchemaObject.optional(),
  http: httpMappingSchema.optional(),
});

/** The whole manifest: one toolset. */
export const manifestSchema = z
  .strictObject({
    $schema: z.string().optional(),
    toolset: z.string().regex(TOOLSET_NAME_PATTERN),
    version: z.string().regex(SEMVER_PATTERN),
    title: z.string().min(1),
    description: z.string().optional(),
    providers: z.record(z.string().regex(PROVIDER_ID_PATTERN), providerSchema).optional(),
    $defs: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), jsonSchemaObject)
      .optional()
      .meta({ description: 'Named schemas that tool inputs and outputs $ref as #/$defs/Name.' }),
    tools: z.record(z.string().regex(TOOL_NAME_PATTERN), toolSchema),
  })
  .meta({
    title: 'toolscope manifest',
    description: 'One toolset: its providers and its tools with their authorization.',
  });

/** A manifest as the schema accepts it. */
export type ManifestInput = z.input<typeof manifestSchema>;
/** A tool as the schema accepts it. */
export type ToolInput = z.output<typeof toolSchema>;
/** An HTTP mapping as the schema accepts it. */
export type HttpMappingInput = z.output<typeof httpMappingSchema>;
/** A provider as the schema accepts it. */
export type ProviderInput = z.output<typeof providerSchema>;
