import { ToolscopeError } from '@toolscope/core';

/** Where everything runs and who the demo's people are; handed over by `pnpm demo`. */
export interface DemoAgentConfig {
  /** Every toolset, tokens per call. */
  readonly mcpUrl: string;
  /** The first-party toolset in header mode. */
  readonly workspaceUrl: string;
  /** Issuer URL per OAuth provider id (zoom, crm, self). */
  readonly issuers: Readonly<Record<string, string>>;
  /** Resource identifier per OAuth provider id. */
  readonly resources: Readonly<Record<string, string>>;
  /** The agent's public client, registered on every issuer. */
  readonly clientId: string;
  readonly redirectUri: string;
  /** The order service's API key per department. */
  readonly departmentKeys: Readonly<Record<string, string>>;
  /** Department of each user. */
  readonly departments: Readonly<Record<string, string>>;
  /** How to start the same MCP server over stdio. */
  readonly stdio?: {
    readonly command: string;
    readonly args: readonly string[];
    readonly env: Readonly<Record<string, string>>;
  };
  /** Canary support: when set, every token the agent handles is appended to this file. */
  readonly tokenLogFile?: string;
}

/** Reads the configuration from TOOLSCOPE_DEMO_AGENT. */
export function readAgentConfig(env: NodeJS.ProcessEnv = process.env): DemoAgentConfig {
  const raw = env['TOOLSCOPE_DEMO_AGENT'];
  if (raw === undefined) {
    throw new ToolscopeError('CONFIG_INVALID', 'TOOLSCOPE_DEMO_AGENT is not set.', {
      hint: 'Start the demo with `pnpm demo`, which sets it.',
    });
  }
  return JSON.parse(raw) as DemoAgentConfig;
}
