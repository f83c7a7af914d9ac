import { readFileSync } from 'node:fs';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { describe, expect, it } from 'vitest';
import { initializeMcpToolHandlers, installedHandler } from './internals.js';

const manifest = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as {
  peerDependencies: Record<string, string>;
};
// The SDK's exports map sends `package.json` to a dist stub, so read the installed one.
const sdkVersion = (
  JSON.parse(
    readFileSync(
      new URL('../../node_modules/@modelcontextprotocol/sdk/package.json', import.meta.url),
      'utf8',
    ),
  ) as { version: string }
).version;

describe('the SDK private members toolscope reads', () => {
  it('exist on the SDK the tests run on', () => {
    const mcp = new McpServer({ name: 'm', version: '1' });
    initializeMcpToolHandlers(mcp);
    expect(installedHandler(mcp.server, 'tools/call')).toEqual(expect.any(Function));
    expect(
      installedHandler(new Server({ name: 's', version: '1' }, {}), 'tools/call'),
    ).toBeUndefined();
  });

  it('bound the peer range to the minor the tests run on', () => {
    const [major, minor] = sdkVersion.split('.');
    expect(manifest.peerDependencies['@modelcontextprotocol/sdk']).toBe(
      `>=${major}.${minor}.0 <${Number(major) + 1}`,
    );
  });
});

describe('registerTools targets', () => {
  it('refuses an object that only looks like a server (an SDK Client)', async () => {
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { registerTools } = await import('./install.js');
    const client = new Client({ name: 'c', version: '1' });
    expect(() => registerTools(client, [])).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });
});
