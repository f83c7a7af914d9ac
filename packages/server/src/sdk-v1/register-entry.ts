/**
 * `@toolscope/server/v1/register`: `registerTools` and the handler contract, with
 * declarations that reach neither the MCP SDK's nor zod's types. Generated
 * server packages import this entry so that type-checking them stays cheap.
 */

export type {
  AuthorizedTool,
  BaseToolContext,
  ErrorProfile,
  InputRequiredSpec,
  McpCallFacilities,
  McpLogLevel,
  NoneToolContext,
  ProviderConfig,
  RegistrableTool,
  TokenToolContext,
  TokenVerifierFunction,
  ToolCallResult,
  ToolContext,
  ToolHandler,
  ToolHost,
  ToolscopeServerOptions,
  UpstreamFetch,
  VerificationFailure,
  VerifiedClaims,
  VerifierConfig,
} from '../types.js';
export { registerTools } from './install.js';
