import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@toolscope/codegen/config';
import { ToolscopeError } from '@toolscope/core';
import { formatDiagnostics, loadManifests } from '@toolscope/manifest';
import type { createHttpEndpoint } from '@toolscope/server/v2';
import { parseCommandLine, UsageError } from '../args.js';
import { cliVersion } from '../version.js';
import { type Command, EXIT } from './types.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function portOf(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new UsageError(
      `--http takes a port number (0-65535), not "${value}".`,
      'Write e.g. `--http 8080`, or `--http 0` for any free port.',
    );
  }
  return port;
}

/** Resolves when the process is told to stop. */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** `toolscope serve`: an MCP server straight from manifests whose tools are all declarative. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run an MCP server from manifests of declarative (http) tools',
  usage: `Usage: toolscope serve [manifests…] [--http PORT | --stdio] [--host HOST]

Serves the tools of the manifests (files, folders or globs; default: the
"manifests" of the config file) as one MCP server, with no generated code:
each tool's \`http\` mapping turns a call into one request to its provider,
with the caller's token sent only to the provider resource's origin. Every
tool must be declarative; one without an \`http\` mapping is an error naming it.
Enforcement, verifiers, error profiles and header mode are those of a
generated server, configured by the "serve" key of the config file.

Options:
  --http <port>      Streamable HTTP on this port (default: serve.port, else 0 = any free port)
  --stdio            stdio instead of HTTP (logs go to stderr)
  --host <host>      Interface to bind (default: serve.host, else 127.0.0.1)
  --config <file>    toolscope.config.ts|.mts|.js|.mjs|.json (default: the first found)
  -h, --help         Show this help

Over HTTP it prints "toolscope serve: listening on <url>" once bound, and stops
gracefully on SIGINT or SIGTERM.`,
  async run(args, context) {
    const { values, positionals } = parseCommandLine(
      args,
      {
        config: { type: 'string' },
        http: { type: 'string' },
        stdio: { type: 'boolean' },
        host: { type: 'string' },
      },
      'serve',
    );
    if (values.stdio === true && values.http !== undefined) {
      throw new UsageError('--http and --stdio exclude each other.', 'Pick one transport.');
    }
    // The MCP SDK, the server runtime and pino load only when serve runs:
    // `generate`, `check` and `--help` share this module through the command list.
    const [
      { McpServer },
      { createHttpEndpoint, registerTools, serveStdio, toolscopeLogger },
      { pino },
    ] = await Promise.all([
      import('@modelcontextprotocol/server'),
      import('@toolscope/server/v2'),
      import('pino'),
    ]);
    const [{ checkServeConfig }, { connectionAuthOf, servedTools }] = await Promise.all([
      import('../serve/config.js'),
      import('../serve/tools.js'),
    ]);
    const { config, file } = await loadConfig(
      context.cwd,
      typeof values.config === 'string' ? values.config : undefined,
    );
    const serve = checkServeConfig(config.serve, file);
    const inputs = positionals.length > 0 ? positionals : config.manifests;
    const result = await loadManifests(inputs, { cwd: context.cwd });
    if (result.ir === undefined) {
      context.stderr(
        `${formatDiagnostics(result.diagnostics, { sources: result.sources, color: context.color })}\n\n`,
      );
      throw new ToolscopeError(
        'MANIFEST_INVALID',
        'The manifests have errors; nothing is served.',
        {
          hint: 'Fix them (`toolscope check` lists them), then run serve again.',
        },
      );
    }
    const served = servedTools(result.ir, serve, file, process.env);
    if (served.tools.length === 0) {
      throw new ToolscopeError('CONFIG_INVALID', 'The manifests declare no tool to serve.', {
        hint: 'Pass the manifests of the declarative tools: toolscope serve manifests/orders.yaml',
      });
    }
    // Logs go to stderr: over stdio, stdout carries the protocol.
    const logger = toolscopeLogger(pino({ level: serve.logLevel ?? 'info' }, pino.destination(2)));
    const options = {
      providers: served.providers,
      logger,
      ...(serve.profile === undefined ? {} : { profile: serve.profile }),
      ...(serve.validateOutput === undefined ? {} : { validateOutput: serve.validateOutput }),
    };
    const build = () => {
      const server = new McpServer({ name: 'toolscope-serve', version: cliVersion() });
      registerTools(server, served.tools, options);
      return server;
    };
    // Fails here, before anything listens, on a misconfigured verifier or mapping.
    build();
    const summary = `${served.tools.length} tool${served.tools.length === 1 ? '' : 's'} from ${served.toolsets} toolset${served.toolsets === 1 ? '' : 's'}`;

    if (values.stdio === true) {
      const stopped = stopSignal();
      const handle = await serveStdio(build);
      context.stderr(`toolscope serve: ${summary} over stdio\n`);
      await stopped;
      await handle.close();
      return EXIT.ok;
    }

    const host = typeof values.host === 'string' ? values.host : (serve.host ?? '127.0.0.1');
    const port = typeof values.http === 'string' ? portOf(values.http) : (serve.port ?? 0);
    const path = serve.path ?? '/mcp';
    let endpoint: ReturnType<typeof createHttpEndpoint> | undefined;
    const http = createServer((req, res) => {
      if (endpoint === undefined) res.writeHead(503).end();
      else void endpoint(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      http.once('error', (error) =>
        reject(
          new ToolscopeError(
            'CONFIG_INVALID',
            `Cannot listen on ${host}:${port}: ${error.message}`,
            {
              hint: 'Pick another port with --http, or another interface with --host.',
            },
          ),
        ),
      );
      http.listen(port, host, () => resolve());
    });
    const bound = (http.address() as AddressInfo).port;
    const hostPart = host.includes(':') ? `[${host}]` : host;
    const origin = `http://${hostPart}:${bound}`;
    try {
      endpoint = createHttpEndpoint({
        createServer: build,
        mode: serve.mode ?? 'stateless',
        path,
        allowedHosts: serve.allowedHosts ?? [
          `${hostPart}:${bound}`,
          ...(LOOPBACK.has(host) ? [`localhost:${bound}`, `127.0.0.1:${bound}`] : []),
        ],
        logger,
        ...(serve.connectionAuth === undefined
          ? {}
          : { connectionAuth: connectionAuthOf(serve.connectionAuth, served.tools, process.env) }),
      });
    } catch (error) {
      http.close();
      throw error;
    }
    // Listen for the signals before saying so: a supervisor may stop us as soon as it reads the line.
    const stopped = stopSignal();
    context.stdout(`toolscope serve: listening on ${origin}${path} (${summary})\n`);
    const signal = await stopped;
    context.stderr(`toolscope serve: ${signal}, closing\n`);
    await endpoint.close();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    return EXIT.ok;
  },
};
