export {
  type CallOptions,
  invokeTool,
  invokeToolWithSource,
  type TokenBinding,
  type TokenGetter,
  type TokenRequest,
  type TokenSource,
  type ToolCallResult,
  type ToolCallTarget,
  type ToolInvocation,
} from './call.js';
export {
  AuthorizationError,
  AuthorizationRequiredError,
  authorizationErrorFromResult,
  InsufficientAuthorizationError,
  toAuthorizationError,
} from './client-errors.js';
export {
  publicProviderInfo,
  renderDeclaration,
  toAuthorizationDeclaration,
  toErrorDeclaration,
  toListedTool,
  toMetaDeclaration,
  toSecuritySchemes,
} from './dialects.js';
export {
  type AuthErrorPayload,
  buildAuthError,
  type SourceLocation,
  ToolscopeError,
  type ToolscopeErrorCode,
} from './errors.js';
export {
  authErrorDataSchema,
  authorizationDeclarationSchema,
  type CallAuthorizationReading,
  callAuthorizationSchema,
  callMeta,
  metaDeclarationSchema,
  parseAuthErrorData,
  readCallAuthorization,
  readToolRequirement,
  securitySchemesSchema,
} from './parse.js';
export { AUTH_ERROR_REASONS } from './reasons.js';
export {
  hasAllScopes,
  missingScopes,
  parseScopeString,
  scopesFromClaims,
  unionScopes,
} from './scopes.js';
export {
  isCanonicalBase64url,
  isCanonicalCompactJws,
  looksLikeCompactJws,
  MAX_TOKEN_LENGTH,
  type TokenFormProblem,
  tokenFormProblem,
} from './token-form.js';
export type {
  ApiKeyRequirement,
  AuthErrorData,
  AuthErrorKind,
  AuthorizationDeclaration,
  AuthorizationMethod,
  CallAuthorization,
  JsonSchemaObject,
  MetaAuthorizationDeclaration,
  MetaAuthorizationDeclarationForError,
  NoneRequirement,
  OAuth2Requirement,
  ProviderInfo,
  SecurityScheme,
  ToolAnnotations,
  ToolDeclarationFields,
  ToolDefinition,
  ToolRequirement,
} from './types.js';
export {
  AUTH_ERROR_CODES,
  AUTH_ERROR_FAMILY,
  AUTH_ERROR_KINDS,
  AUTH_ERROR_MESSAGES,
  AUTHORIZATION_METHODS,
  type AuthErrorCodes,
  type AuthErrorFamily,
  isLegacyErrorCode,
  LEGACY_ERROR_CODE_RANGE,
  META_AUTHORIZATION_ERROR_KEY,
  META_AUTHORIZATION_KEY,
  META_SECURITY_SCHEMES_KEY,
  META_WWW_AUTHENTICATE_KEY,
  SELF_PROVIDER_ID,
} from './wire.js';
