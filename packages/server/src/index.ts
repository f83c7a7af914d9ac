/**
 * `@toolscope/server`: the parts of per-tool authorization that no SDK line
 * owns (verifiers, errors, logging, the wire errors and the handler contract).
 * `registerTools` and the transports are in `@toolscope/server/v2` (for
 * `@modelcontextprotocol/server`) and `@toolscope/server/v1` (for
 * `@modelcontextprotocol/sdk` 1.x); both re-export everything here.
 */

export type { SdkLine } from '@toolscope/core';
export { denialEnvelope, META_DENIAL_KEY } from './denial.js';
export type {
  CallCredential,
  ConnectionAuth,
} from './enforce.js';
export { WireError } from './engine/wire-error.js';
export {
  ServerError,
  type ServerErrorCode,
  TokenVerificationError,
  UpstreamRejectedError,
} from './errors.js';
export type {
  BackendSession,
  HttpBackend,
  HttpEndpoint,
  HttpEndpointOptions,
  HttpExchange,
  HttpServeHandle,
  ServeHttpOptions,
} from './http.js';
export { REDACTED_PATHS, toolscopeLogger } from './logging.js';
export {
  type CallOutcome,
  type CallPrincipal,
  type CallRefusal,
  defineMiddleware,
  denyCall,
  type Middleware,
  type MiddlewareContext,
  type MiddlewarePlacement,
  type MiddlewareSpec,
  protocolRefusal,
  toolErrorRefusal,
} from './middleware.js';
export { type AuthFailure, bearerChallenge, ToolAuthorizationError } from './profiles.js';
export {
  createToolscopeRuntime,
  isToolscopeRuntime,
  type ToolscopeRuntimeOptions,
} from './runtime.js';
// The handler contract: every type in types.ts.
export type * from './types.js';
export { createUpstreamFetch, type UpstreamTarget } from './upstream.js';
export { tokenFingerprint, VerifiedTokenCache } from './verifiers/cache.js';
export { createToolTokenVerifier, type VerifierTarget } from './verifiers/index.js';
