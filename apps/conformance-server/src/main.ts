#!/usr/bin/env node
/**
 * `pnpm conformance:serve`: serves the conformance server until SIGINT or
 * SIGTERM and prints its MCP URL. `--port N` (or PORT) picks the port.
 */
import { serveConformance } from './http.js';

function portOption(): number | undefined {
  const flag = process.argv.indexOf('--port');
  const raw = flag === -1 ? process.env['PORT'] : process.argv[flag + 1];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`conformance-server: --port must be an integer 0..65535, got "${raw}"\n`);
    process.exit(2);
  }
  return port;
}

const port = portOption();
const handle = await serveConformance(port === undefined ? {} : { port }).catch(
  (error: unknown) => {
    const code = (error as { code?: unknown }).code;
    const why =
      code === 'EADDRINUSE'
        ? `port ${port} is in use; pick another with --port, or --port 0 for a free one`
        : error instanceof Error
          ? error.message
          : String(error);
    process.stderr.write(`conformance-server: cannot serve on 127.0.0.1: ${why}\n`);
    process.exit(1);
  },
);
process.stdout.write(`conformance server: ${handle.url}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await handle.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
