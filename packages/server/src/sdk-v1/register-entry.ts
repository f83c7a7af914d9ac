/**
 * `@toolscope/server/v1/register`: `registerTools` and the handler contract, with
 * declarations that reach neither the MCP SDK's nor zod's types. Generated
 * server packages import this entry so that type-checking them stays cheap.
 */

// The handler contract: every type in types.ts.
export type * from '../types.js';
export { registerTools } from './install.js';
