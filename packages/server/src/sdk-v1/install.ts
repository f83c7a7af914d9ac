import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';
import type { ConnectionAuth } from '../enforce.js';
import { callTool } from '../engine/call.js';
import { withoutAuthorization } from '../engine/meta.js';
import { ToolRegistry } from '../engine/toolset.js';
import { ServerError } from '../errors.js';
import { runtimeFor, runtimeLogger } from '../runtime.js';
import type { RegisterToolsOptions, RegistrableTool, ToolHost } from '../types.js';
import { type V1Extra, V1Facilities } from './facilities.js';
import { initializeMcpToolHandlers, installedHandler, lowLevelServer } from './internals.js';

interface CallRequest {
  params: { name: string; arguments?: Record<string, unknown>; _meta?: Record<string, unknown> };
}

interface HandlerExtra extends V1Extra {
  signal: AbortSignal;
  requestId: string | number;
  authInfo?: ConnectionAuth;
  /** Set by the SDK's HTTP transports only. */
  requestInfo?: unknown;
}

/** Where a server keeps its toolscope registry: on the server itself, not in module state. */
const REGISTRY = Symbol.for('toolscope.registry.v1');

function registryOf(server: Server): ToolRegistry | undefined {
  return (server as unknown as { [REGISTRY]?: ToolRegistry })[REGISTRY];
}

function keepRegistry(server: Server, registry: ToolRegistry): void {
  Object.defineProperty(server, REGISTRY, { value: registry, enumerable: false });
}

/** A request for a tool toolscope does not own, without the caller's credential. */
function forOtherTool(request: CallRequest, extra: HandlerExtra): [CallRequest, HandlerExtra] {
  const meta = withoutAuthorization(request.params._meta);
  if (meta === request.params._meta) return [request, extra];
  const params = { ...request.params };
  if (meta === undefined) delete params._meta;
  else params._meta = meta;
  return [
    { ...request, params },
    { ...extra, _meta: meta },
  ];
}

function install(server: Server, registry: ToolRegistry): void {
  const previousList = installedHandler(server, 'tools/list');
  const previousCall = installedHandler(server, 'tools/call');
  try {
    server.registerCapabilities({ tools: { listChanged: previousList !== undefined } });
  } catch (cause) {
    throw new ServerError(
      'CONFIG_INVALID',
      'registerTools must run before the server connects to a transport.',
      { cause, hint: 'Build the server in a factory: register tools, then connect.' },
    );
  }
  server.setRequestHandler(ListToolsRequestSchema, async (request, extra) => {
    const base = previousList === undefined ? undefined : await previousList(request, extra);
    return registry.mergeListed(base as { tools?: unknown }, extra.authInfo?.scopes) as never;
  });
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = registry.get(request.params.name);
    const call = request as CallRequest;
    const ext = extra as unknown as HandlerExtra;
    if (tool === undefined) {
      if (previousCall === undefined) {
        throw new McpError(ErrorCode.InvalidParams, `Tool ${request.params.name} not found`);
      }
      // A tool toolscope does not own never sees the caller's token.
      return (await previousCall(...forOtherTool(call, ext))) as never;
    }
    return (await callTool(tool, {
      arguments: call.params.arguments,
      meta: call.params._meta,
      transport: { connection: ext.authInfo, overHttp: ext.requestInfo !== undefined },
      signal: ext.signal,
      requestId: ext.requestId,
      sessionId: ext.sessionId,
      mcp: new V1Facilities(server, ext, withoutAuthorization(call.params._meta) ?? {}),
    })) as never;
  });
}

/**
 * Registers tools with per-tool authorization on an SDK 1.x McpServer or
 * low-level Server: declares each requirement in tools/list (wire-protocol.md §1) and
 * enforces it before the handler runs (§2–4). Plain tools registered on the
 * same McpServer, before or after, keep working, and never receive the
 * caller's `_meta.authorization`. Call it before `connect`.
 */
export function registerTools(
  target: ToolHost,
  tools: readonly RegistrableTool[],
  options: RegisterToolsOptions = {},
): void {
  // ToolHost is structural for the declarations' sake; at run time it must be one of the two.
  const server = lowLevelServer(target);
  let registry = registryOf(server);
  if (registry === undefined) {
    if (target instanceof McpServer) initializeMcpToolHandlers(target);
    registry = new ToolRegistry();
    install(server, registry);
    keepRegistry(server, registry);
  }
  const runtime = runtimeFor(options.runtime);
  registry.add(tools, options, runtimeLogger(runtime, options.logger), runtime);
}
