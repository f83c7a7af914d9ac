/**
 * `@toolscope/server/v2/register`: `registerTools` and the handler contract, with
 * declarations that reach neither the MCP SDK's nor zod's types. Generated
 * server packages import this entry so that type-checking them stays cheap.
 */

import { type GeneratedToolset, toolsetOptions, toolsetTools } from '../toolset.js';
import type { RegisterToolsOptions, ToolHost } from '../types.js';
import { registerTools } from './install.js';

export type { GeneratedToolset } from '../toolset.js';
// The handler contract: every type in types.ts.
export type * from '../types.js';
export { registerTools } from './install.js';

/**
 * Registers a generated toolset: what a generated `register<Toolset>Tools` calls
 * with its definitions, handler keys and providers (`registerTools` with one
 * registration per tool, the toolset's providers under `options.providers`).
 */
export function registerToolset(
  server: ToolHost,
  toolset: GeneratedToolset,
  handlers: object,
  options: RegisterToolsOptions = {},
): void {
  registerTools(server, toolsetTools(toolset, handlers), toolsetOptions(toolset, options));
}
