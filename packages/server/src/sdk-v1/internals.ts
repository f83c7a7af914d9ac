import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ServerError } from '../errors.js';

/** A request handler as the SDK stores it: raw request in, result out. */
export type StoredRequestHandler = (request: unknown, extra: unknown) => Promise<unknown>;

/*
 * The SDK 1.x has no public way to wrap a handler that is already installed, and
 * McpServer turns every error its tools/call handler sees into an `isError`
 * result, which would hide -32001/-32003. So toolscope installs its own
 * tools/list and tools/call handlers and delegates other tools to the ones it
 * replaced. These two private members are read here and nowhere else; tested
 * against SDK 1.32.2, and a changed shape fails loudly at registration.
 */

function sdkChanged(what: string): ServerError {
  return new ServerError(
    'INTERNAL',
    `This @modelcontextprotocol/sdk version does not have ${what}.`,
    {
      hint: 'toolscope is tested against @modelcontextprotocol/sdk 1.32; pin a 1.x version it supports.',
    },
  );
}

/** The handler currently installed for a method, if any. */
export function installedHandler(server: Server, method: string): StoredRequestHandler | undefined {
  const handlers = (server as unknown as { _requestHandlers?: unknown })._requestHandlers;
  if (!(handlers instanceof Map)) throw sdkChanged('Protocol._requestHandlers');
  return handlers.get(method) as StoredRequestHandler | undefined;
}

/** Makes McpServer install its tool handlers now, so plain tools registered later still work. */
export function initializeMcpToolHandlers(server: McpServer): void {
  const init = (server as unknown as { setToolRequestHandlers?: unknown }).setToolRequestHandlers;
  if (typeof init !== 'function') throw sdkChanged('McpServer.setToolRequestHandlers');
  init.call(server);
}

/**
 * The low-level Server of either kind of target. The public `ToolHost` type is
 * structural (to keep the SDK's types out of generated packages), so anything
 * else with a `setRequestHandler`, an SDK Client say, is refused here.
 */
export function lowLevelServer(target: unknown): Server {
  if (target instanceof McpServer) return target.server;
  if (target instanceof Server) return target;
  throw new ServerError(
    'CONFIG_INVALID',
    'registerTools needs an McpServer or a low-level Server of @modelcontextprotocol/sdk.',
    {
      hint: 'Pass the server your tools run on; if you have two copies of the SDK installed, dedupe them so both sides use the same one.',
    },
  );
}
