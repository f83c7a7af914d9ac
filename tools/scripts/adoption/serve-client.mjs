// Runs in the team's project: starts `toolscope serve manifests/imported.yaml
// --http 0` (the command is argv[4…]), reads the URL it prints, and calls the
// imported tools with the official SDK v2 client. Prints one JSON line: what
// tools/list declared, each call's answer, and serve's exit code on SIGTERM.
import { spawn } from 'node:child_process';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

// argv: <bearer token> <api key> <serve command…>; the credentials are the test's own.
const [TOKEN, KEY, command, ...args] = process.argv.slice(2);
if (command === undefined) throw new Error('usage: serve-client.mjs <token> <key> <command…>');

const serve = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
let stderr = '';
serve.stderr.on('data', (chunk) => {
  stderr += chunk;
});
const exited = new Promise((resolve) =>
  serve.once('exit', (code, signal) => resolve({ code, signal })),
);
const url = await new Promise((resolve, reject) => {
  let stdout = '';
  const timer = setTimeout(
    () => reject(new Error(`serve printed no URL in 30 s:\n${stderr}`)),
    30_000,
  );
  serve.stdout.on('data', (chunk) => {
    stdout += chunk;
    const match = /listening on (http:\/\/\S+)/.exec(stdout);
    if (match) {
      clearTimeout(timer);
      resolve(match[1]);
    }
  });
  void exited.then(({ code }) => {
    clearTimeout(timer);
    reject(new Error(`serve exited ${code} before listening:\n${stderr}`));
  });
});

const report = { url };
const client = new Client({ name: 'adoption-openapi', version: '1.0.0' });
try {
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  const { tools } = await client.listTools();
  report.tools = Object.fromEntries(
    tools.map((tool) => [tool.name, tool._meta?.['io.toolscope/authorization'] ?? null]),
  );
  const refusal = (error) => ({ code: error.code, error: error.data?.error });
  report.withoutToken = await client
    .callTool({ name: 'listItems', arguments: { limit: 2 } })
    .then((result) => ({ result }), refusal);
  report.withoutKey = await client
    .callTool({ name: 'lookupCode', arguments: { code: 'A-7' } })
    .then((result) => ({ result }), refusal);
  report.withToken = await client.callTool({
    name: 'listItems',
    arguments: { limit: 2 },
    _meta: { authorization: { method: 'oauth2', token: TOKEN } },
  });
  report.withKey = await client.callTool({
    name: 'lookupCode',
    arguments: { code: 'A-7' },
    _meta: { authorization: { method: 'apiKey', token: KEY } },
  });
} finally {
  await client.close().catch(() => {});
  serve.kill('SIGTERM');
}
// serve must stop by itself; after 10 s it is killed, and the report says so.
const killer = setTimeout(() => serve.kill('SIGKILL'), 10_000);
report.exit = await exited;
clearTimeout(killer);
report.credentialInLogs = stderr.includes(TOKEN) || stderr.includes(KEY);
console.log(JSON.stringify(report));
