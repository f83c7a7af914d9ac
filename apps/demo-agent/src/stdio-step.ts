import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  getDefaultEnvironment,
  StdioClientTransport,
} from '@modelcontextprotocol/sdk/client/stdio.js';
import type { UserSession } from '@toolscope/client';
import { createZoomUserClient } from '@toolscope-demo/zoom-client';
import type { DemoAgentConfig } from './config.js';
import type { SecretRecorder } from './secrets.js';
import type { Transcript } from './transcript.js';
import { tapCalls } from './wire-tap.js';

/** Starts the same MCP server over stdio and makes one of alice's calls through it. */
export async function runStdioStep(
  stdio: NonNullable<DemoAgentConfig['stdio']>,
  alice: UserSession,
  t: Transcript,
  secrets: SecretRecorder,
): Promise<void> {
  t.step('The same server and handlers over stdio');
  const client = new Client({ name: 'toolscope-demo-agent', version: '0.1.0' });
  await client.connect(
    new StdioClientTransport({
      command: stdio.command,
      args: [...stdio.args],
      env: { ...getDefaultEnvironment(), ...stdio.env },
      stderr: 'ignore',
    }),
  );
  try {
    const listed = await client.listTools();
    t.say(
      'server',
      `${listed.tools.length} tools over stdio (node …/${stdio.args.map((a) => a.split('/').slice(-3).join('/')).join(' ')})`,
    );
    const zoom = createZoomUserClient(tapCalls(client, 'alice', t, secrets), alice);
    await zoom.zoomListMeetings({});
  } finally {
    await client.close();
  }
}
