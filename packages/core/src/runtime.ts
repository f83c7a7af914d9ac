/**
 * `@toolscope/core/runtime`: what generated packages import at run time and in
 * their types, without the zod parsers. Its declarations never reach zod's, so
 * type-checking a generated package does not pay for them (see BENCHMARKS.md).
 */
export {
  type CallOptions,
  invokeTool,
  invokeToolWithSource,
  type TokenBinding,
  type TokenGetter,
  type TokenRequest,
  type TokenSource,
  type TokenSourceFunction,
  type TokenSourceObject,
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
export { environmentVariable } from './environment.js';
export {
  GeneratedCodeError,
  ToolscopeError,
  type ToolscopeErrorCode,
  type ToolscopeErrorOptions,
} from './errors.js';
export { jsonSchema } from './json-schema-text.js';
export {
  type NoTokenCallOptions,
  type StructuredResult,
  type TokenCallOptions,
  type ToolArguments,
  type ToolCaller,
  type ToolMethods,
  type ToolRequirements,
  toolCaller,
  toolClient,
  type UserToolCaller,
  userToolCaller,
  userToolClient,
} from './tool-caller.js';
export type {
  ApiKeyRequirement,
  AuthErrorData,
  AuthErrorKind,
  HttpMapping,
  HttpMappingMethod,
  JsonSchemaObject,
  MetaAuthorizationDeclaration,
  NoneRequirement,
  OAuth2Requirement,
  ProviderInfo,
  ToolDefinition,
  ToolRequirement,
} from './types.js';
export type { AuthErrorCodes } from './wire.js';
