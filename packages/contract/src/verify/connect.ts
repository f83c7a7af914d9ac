/**
 * The live side of `toolscope verify`: the official SDK client, connected over
 * Streamable HTTP or stdio, reading `tools/list` with every top-level field
 * kept (the SDK's own Tool schema would strip `authorization`).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { ToolscopeError } from '@toolscope/core';
import { z } from 'zod';
import { ContractError } from '../errors.js';

/** Where the server is: a Streamable HTTP endpoint, or a command that speaks MCP on stdio. */
export type VerifyTarget =
  | { readonly url: string }
  | {
      readonly command: string;
      readonly args: readonly string[];
      readonly cwd?: string;
      /** The child's environment; default: this process's. */
      readonly env?: Readonly<Record<string, string>>;
    };

/** The answer to a call: a JSON-RPC error or a result. */
export type CallOutcome =
  | { readonly kind: 'error'; readonly code: number; readonly data: unknown }
  | { readonly kind: 'result'; readonly result: Readonly<Record<string, unknown>> };

/** An open connection to the server under test. */
export interface ServerConnection {
  /** Every Tool object the server lists, as sent (all pages). */
  readonly tools: readonly Readonly<Record<string, unknown>>[];
  /** Calls a tool without `_meta.authorization`. */
  callWithoutToken(name: string, args: Readonly<Record<string, unknown>>): Promise<CallOutcome>;
  close(): Promise<void>;
}

const listResult = z.looseObject({
  tools: z.array(z.looseObject({ name: z.string() })),
  nextCursor: z.string().optional(),
});
const anyResult = z.looseObject({});
const MAX_PAGES = 100;

/** A URL as it may be shown: no credentials, query or fragment. */
export function displayUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '(an invalid URL)';
  }
}

function transportFor(target: VerifyTarget) {
  if ('url' in target) {
    let url: URL;
    try {
      url = new URL(target.url);
    } catch {
      throw new ContractError('CONFIG_INVALID', 'The --url value is not a URL.', {
        hint: 'Pass the MCP endpoint, e.g. --url http://127.0.0.1:3000/mcp.',
      });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ContractError('CONFIG_INVALID', `--url must be http or https, not ${url.protocol}`);
    }
    return new StreamableHTTPClientTransport(url);
  }
  const env =
    target.env ??
    (Object.fromEntries(
      Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
    ) as Record<string, string>);
  const transport = new StdioClientTransport({
    command: target.command,
    args: [...target.args],
    env: { ...env },
    stderr: 'pipe',
    ...(target.cwd === undefined ? {} : { cwd: target.cwd }),
  });
  // The server's own log is not ours to print (it may hold anything); drain it.
  transport.stderr?.on('data', () => {});
  return transport;
}

function describeTarget(target: VerifyTarget): string {
  return 'url' in target ? displayUrl(target.url) : `the stdio command "${target.command}"`;
}

/** Connects with the official SDK client and reads every page of `tools/list`. */
export async function connectServer(
  target: VerifyTarget,
  options: { readonly timeoutMs?: number } = {},
): Promise<ServerConnection> {
  const timeout = options.timeoutMs ?? 15_000;
  const client = new Client({ name: 'toolscope-verify', version: '0.1.0' }, { capabilities: {} });
  try {
    await client.connect(transportFor(target), { timeout });
  } catch (error) {
    await client.close().catch(() => {});
    if (error instanceof ToolscopeError) throw error;
    throw new ContractError('CONFIG_INVALID', `Cannot connect to ${describeTarget(target)}.`, {
      hint:
        'url' in target
          ? 'Is the server running, and is this its MCP endpoint?'
          : 'Check that the command starts an MCP server on stdio: run it by hand to see its errors.',
      cause: error,
    });
  }
  try {
    const tools: Array<Readonly<Record<string, unknown>>> = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await client.request(
        { method: 'tools/list', params: cursor === undefined ? {} : { cursor } },
        listResult,
        { timeout },
      );
      tools.push(...result.tools);
      cursor = result.nextCursor;
      if (cursor === undefined) break;
    }
    return {
      tools,
      async callWithoutToken(name, args) {
        try {
          const result = await client.request(
            { method: 'tools/call', params: { name, arguments: { ...args } } },
            anyResult,
            { timeout },
          );
          return { kind: 'result', result };
        } catch (error) {
          if (error instanceof McpError)
            return { kind: 'error', code: error.code, data: error.data };
          throw new ContractError('INTERNAL', `Calling ${name} failed without an MCP error.`, {
            cause: error,
          });
        }
      },
      close: () => client.close(),
    };
  } catch (error) {
    await client.close().catch(() => {});
    throw new ContractError(
      'CONFIG_INVALID',
      `${describeTarget(target)} did not answer tools/list.`,
      {
        hint: 'Check that the server registers tools (the tools capability).',
        cause: error,
      },
    );
  }
}
