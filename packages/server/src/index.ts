export type {
  CallCredential,
  ConnectionAuth,
} from './enforce.js';
export { TokenVerificationError, UpstreamRejectedError } from './errors.js';
export {
  createHttpEndpoint,
  type HttpEndpoint,
  type HttpEndpointOptions,
  type HttpServeHandle,
  serveHttp,
} from './http.js';
export { REDACTED_PATHS, toolscopeLogger } from './logging.js';
export { type AuthFailure, bearerChallenge, ToolAuthorizationError } from './profiles.js';
export { registerTools } from './register.js';
export { serveStdio } from './stdio.js';
export type {
  AuthorizedTool,
  BaseToolContext,
  ErrorProfile,
  NoneToolContext,
  ProviderConfig,
  RegistrableTool,
  TokenToolContext,
  TokenVerifierFunction,
  ToolContext,
  ToolHandler,
  ToolHost,
  ToolscopeServerOptions,
  UpstreamFetch,
  VerificationFailure,
  VerifiedClaims,
  VerifierConfig,
} from './types.js';
export { createUpstreamFetch, type UpstreamTarget } from './upstream.js';
export { tokenFingerprint, VerifiedTokenCache } from './verifiers/cache.js';
export {
  createToolTokenVerifier,
  type ToolTokenVerifier,
  type VerifierTarget,
} from './verifiers/index.js';
