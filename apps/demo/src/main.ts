#!/usr/bin/env node
/**
 * `pnpm demo`: start everything, run the agent's scenario, print its
 * transcript, stop everything. `pnpm demo --serve` keeps the servers running
 * for a browser and an MCP client until Ctrl-C.
 */
import { startDemo } from './demo.js';

const serve = process.argv.includes('--serve');
const conformanceProbes = process.argv.includes('--conformance-probes');
const tokenLogFile = process.env['TOOLSCOPE_DEMO_TOKEN_LOG'];
process.stdout.write('toolscope demo: starting the auth server, the services and the MCP server\n');
const demo = await startDemo({
  ...(tokenLogFile === undefined ? {} : { tokenLogFile }),
  ...(conformanceProbes ? { conformanceProbes } : {}),
});
const { urls } = demo;
const lines = [
  `  auth server    ${urls.authServer}  (issuers: ${Object.entries(urls.issuers)
    .map(([id, url]) => `${id} ${url}`)
    .join(', ')})`,
  `  MCP server     ${urls.mcp}  (every toolset, tokens per call)`,
  `                 ${urls.workspace}  (first-party toolset, header mode)`,
  `  services       meetings ${urls.meetings}, crm ${urls.crm}, orders ${urls.orders}`,
];
process.stdout.write(`${lines.join('\n')}\n`);

let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  await demo.close();
  process.exit(code);
};
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));

if (serve) {
  process.stdout.write(
    [
      '',
      'Serving until Ctrl-C. Try:',
      `  log in as alice (password alice-password) in a browser:\n    ${urls.aliceLogin}`,
      `  the MCP Inspector: npx @modelcontextprotocol/inspector, Streamable HTTP, ${urls.mcp}`,
      `  RFC 9728 metadata of the header-mode endpoint: ${urls.resourceMetadata}`,
      '',
    ].join('\n'),
  );
} else {
  const code = await demo.runAgent();
  const audit = demo.auditLog().map((line) => JSON.parse(line) as Record<string, unknown>);
  process.stdout.write(
    `\naudit log of the MCP server (toolscope middleware; tool, user, outcome, never a token): ${audit.length} calls\n`,
  );
  for (const r of audit) {
    const why =
      r['error'] === undefined ? '' : ` (${String(r['refusedBy'])}: ${String(r['error'])})`;
    process.stdout.write(
      `  ${String(r['tool']).padEnd(36)} ${String(r['user']).padEnd(24)} ${String(r['outcome'])}${why}\n`,
    );
  }
  await stop(code);
}
