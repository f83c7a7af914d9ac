/** Severity of a diagnostic; warnings fail only with `--fail-on-warnings`. */
export type DiagnosticSeverity = 'error' | 'warning';

/** One problem found in a manifest, located precisely enough to fix from the message alone. */
export interface Diagnostic {
  readonly severity: DiagnosticSeverity;
  /** Stable string code, e.g. `MANIFEST_UNKNOWN_KEY`, `PROVIDER_UNKNOWN`. */
  readonly code: string;
  readonly message: string;
  /** What to do about it, e.g. `did you mean "requiredScopes"?`. */
  readonly hint?: string;
  /** Path of the manifest file as given to the loader (relative to cwd when possible). */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** RFC 6901 JSON pointer into the manifest document, `""` for the root. */
  readonly pointer: string;
  /**
   * For `MANIFEST_SECRET`: where the offending value starts and ends (end
   * exclusive), so a printer masks exactly it. Positions only, never the value.
   */
  readonly masked?: {
    readonly start: { readonly line: number; readonly column: number };
    readonly end: { readonly line: number; readonly column: number };
  };
}

/** Every diagnostic code the loader emits, with what it means; codes are stable across releases. */
export const DIAGNOSTIC_CODES = {
  MANIFEST_NOT_FOUND: 'an input path, folder or glob matched no manifest file',
  MANIFEST_SYNTAX: 'the YAML or JSON text does not parse',
  MANIFEST_DUPLICATE_KEY: 'a mapping has the same key twice',
  MANIFEST_UNKNOWN_KEY: 'a key the format does not define',
  MANIFEST_MISSING_KEY: 'a required key is absent',
  MANIFEST_INVALID_TYPE: 'a value has the wrong JSON type',
  MANIFEST_INVALID_VALUE: 'a value is outside what the format allows',
  MANIFEST_SECRET:
    'a key looks like it holds a secret; manifests name environment variables instead',
  TOOLSET_NAME_INVALID: 'a toolset id is not lowercase letters, digits and dashes',
  TOOLSET_DUPLICATE: 'two manifests declare the same toolset',
  VERSION_NOT_SEMVER: 'a toolset version is not semver',
  TOOL_NAME_INVALID: "a tool name breaks MCP's rule (1-128 characters of A-Za-z0-9_.-)",
  TOOL_DUPLICATE: 'two tools share a name across the loaded toolsets',
  PROVIDER_ID_INVALID: 'a provider id is not lowercase letters, digits, dashes and underscores',
  PROVIDER_MISSING: 'an oauth2 or apiKey tool names no provider',
  PROVIDER_UNKNOWN: 'a tool names a provider the toolset does not define',
  PROVIDER_WRONG_TYPE: "a tool's method does not match its provider's type",
  PROVIDER_SELF_NOT_OAUTH2: 'the reserved provider `self` must be an oauth2 provider',
  PROVIDER_UNUSED: 'a provider no tool uses (warning)',
  SCOPE_DUPLICATE: 'a scope appears twice in requiredScopes',
  SCOPE_UNKNOWN: "a required scope is not in its provider's catalog",
  SCOPES_ON_NONE: 'a tool with method none lists requiredScopes',
  VERIFIER_ALGORITHM_FORBIDDEN: 'a jwt verifier allows `none` or an HMAC algorithm',
  SCHEMA_NOT_OBJECT: 'a tool input or output is not an object schema',
  SCHEMA_NO_TYPE: 'a schema has no type, so it would be typed as any',
  SCHEMA_UNSUPPORTED: 'a JSON Schema keyword later stages cannot type faithfully',
  SCHEMA_UNKNOWN_KEYWORD: 'a schema keyword JSON Schema does not define (often a typo)',
  SCHEMA_INVALID: 'a schema keyword has a value of the wrong shape',
  SCHEMA_REQUIRED_UNDEFINED: '`required` names a property the schema does not define',
  SCHEMA_REF_UNRESOLVED: "a `$ref` names a `$defs` entry that doesn't exist",
  SCHEMA_REF_UNSUPPORTED: "a `$ref` points outside the manifest's top-level `$defs`",
  SCHEMA_REF_CYCLE:
    'a `$defs` cycle with no object or array in between, which types cannot express',
  SCHEMA_DEF_UNUSED: 'a `$defs` entry no tool uses (warning)',
  HTTP_PLACEHOLDER_UNKNOWN: 'a `{name}` in an http path names no input property',
  HTTP_PATH_INVALID: 'an http path template has an unbalanced or empty `{}` placeholder',
  HTTP_PATH_PARAM_OPTIONAL: 'an http path parameter is not a required input property',
  HTTP_PROPERTY_UNKNOWN: 'an http query, header or body entry names no input property',
  HTTP_PROPERTY_REUSED: 'an input property is used twice by an http mapping',
  HTTP_HEADER_FORBIDDEN:
    "an http header the mapping may not set (authorization, cookie, the provider's key header, ...)",
  HTTP_BODY_NOT_ALLOWED: 'an http mapping with method GET or DELETE has a body',
  HTTP_BASE_URL_WITH_PROVIDER:
    'an http mapping of a tool with a provider sets baseUrl (the token only goes to the provider resource)',
  HTTP_BASE_URL_MISSING: 'an http mapping of a tool with authorization none has no baseUrl',
  HTTP_PROPERTY_UNMAPPED: 'an input property an http mapping sends nowhere (warning)',
} as const;

/** A stable diagnostic code. */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
