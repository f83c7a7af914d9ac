import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  type Agent,
  type AgentProvider,
  type AuthorizationRequiredHook,
  createAgent,
  KeyRing,
} from '@toolscope/client';
import { openSqliteVault } from '@toolscope/client/sqlite';
import type { DemoAgentConfig } from './config.js';

/** The agent and what it runs on; `close` removes the temporary vault file. */
export interface DemoAgent {
  readonly agent: Agent;
  readonly client: Client;
  readonly vaultFile: string;
  close(): Promise<void>;
}

/**
 * One MCP connection for every user, a SQLite vault in a temporary folder
 * (sealed with a key made for this run), and the providers of the demo.
 */
export async function createDemoAgent(
  config: DemoAgentConfig,
  onAuthorizationRequired: AuthorizationRequiredHook,
): Promise<DemoAgent> {
  const folder = mkdtempSync(join(tmpdir(), 'toolscope-demo-'));
  const vaultFile = join(folder, 'vault.sqlite');
  const vault = openSqliteVault(
    vaultFile,
    new KeyRing([{ kid: 'demo', key: KeyRing.generateKey() }]),
  );
  const client = new Client({ name: 'toolscope-demo-agent', version: '0.1.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(config.mcpUrl)));
  const providers: Record<string, AgentProvider> = { orders: { type: 'apiKey' } };
  for (const [id, issuer] of Object.entries(config.issuers)) {
    providers[id] = {
      type: 'oauth2',
      issuer,
      clientId: config.clientId,
      redirectUri: config.redirectUri,
      ...(config.resources[id] === undefined ? {} : { resource: config.resources[id] }),
    };
  }
  const agent = createAgent({
    client,
    vault,
    providers,
    onAuthorizationRequired,
    tenantOf: (userId) => config.departments[userId],
    // Everything in the demo runs on loopback over plain http.
    allowPrivateNetwork: true,
  });
  for (const [department, key] of Object.entries(config.departmentKeys)) {
    await vault.putApiKey('orders', { tenantId: department }, key);
  }
  return {
    agent,
    client,
    vaultFile,
    async close() {
      await client.close();
      await vault.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
