export {
  DIAGNOSTIC_CODES,
  type Diagnostic,
  type DiagnosticCode,
  type DiagnosticSeverity,
} from './diagnostics.js';
export { closestMatch } from './did-you-mean.js';
export { ManifestError, type ManifestErrorCode } from './errors.js';
export { type FormatOptions, formatDiagnostics } from './format.js';
export { FORBIDDEN_HTTP_HEADERS, pathPlaceholders } from './http-mapping.js';
export type {
  ApiKeyProviderIR,
  ArraySchemaIR,
  AuthorizationIR,
  BooleanSchemaIR,
  HttpMappingIR,
  JsonSchemaDocument,
  ManifestIR,
  NamedSchemaIR,
  NullSchemaIR,
  NumberSchemaIR,
  OAuth2ProviderIR,
  ObjectSchemaIR,
  PropertyIR,
  ProviderIR,
  RefSchemaIR,
  SchemaIR,
  ScopeIR,
  SourcePosition,
  StringSchemaIR,
  ToolAnnotationsIR,
  ToolIR,
  ToolsetIR,
  UnionSchemaIR,
  VerifierIR,
} from './ir.js';
export { MANIFEST_SCHEMA_FILE, renderManifestJsonSchema } from './json-schema.js';
export {
  type LoadOptions,
  type LoadResult,
  type LoadSourcesOptions,
  loadManifestSources,
  loadManifests,
  ManifestCache,
  type ManifestCacheOptions,
  type ManifestSource,
} from './load.js';
export { maskSecrets } from './mask.js';
export {
  HTTP_METHODS,
  JWT_ALGORITHMS,
  type ManifestInput,
  manifestSchema,
  TOOL_NAME_PATTERN,
  TOOLSET_NAME_PATTERN,
} from './schema.js';
export { type LineColumn, type ParsedSource, parseSource, type SourceSpan } from './source.js';
