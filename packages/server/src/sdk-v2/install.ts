import {
  McpServer,
  ProtocolError,
  ProtocolErrorCode,
  Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { CallTransport, ConnectionAuth } from '../enforce.js';
import { callTool } from '../engine/call.js';
import { withoutAuthorization } from '../engine/meta.js';
import { ToolRegistry } from '../engine/toolset.js';
import { ServerError } from '../errors.js';
import { runtimeFor, runtimeLogger } from '../runtime.js';
import type { RegisterToolsOptions, RegistrableTool, ToolHost } from '../types.js';
import { TOOLSCOPE_EXTENSION_ID, toolscopeExtension } from './extension.js';
import { V2Facilities } from './facilities.js';

type Handler = (request: never, ctx: never) => unknown;

interface CallRequest {
  params: { name: string; arguments?: Record<string, unknown>; _meta?: Record<string, unknown> };
}

type Ctx = ServerContext & {
  http?: { authInfo?: ConnectionAuth; req?: unknown };
};

/** Where a server keeps its toolscope registry: on the server itself, not in module state. */
const REGISTRY = Symbol.for('toolscope.registry.v2');

function registryOf(server: Server): ToolRegistry | undefined {
  return (server as unknown as { [REGISTRY]?: ToolRegistry })[REGISTRY];
}

function keepRegistry(server: Server, registry: ToolRegistry): void {
  Object.defineProperty(server, REGISTRY, { value: registry, enumerable: false });
}

function targetServer(target: unknown): Server {
  if (target instanceof McpServer) return target.server;
  if (target instanceof Server) return target;
  throw new ServerError(
    'CONFIG_INVALID',
    'registerTools (v2) needs an McpServer or a Server of @modelcontextprotocol/server.',
    {
      hint: 'For a server of @modelcontextprotocol/sdk 1.x import registerTools from @toolscope/server/v1; with two copies of the SDK installed, dedupe them.',
    },
  );
}

function hasHandler(server: Server, method: string): boolean {
  try {
    server.assertCanSetRequestHandler(method);
    return false;
  } catch {
    return true;
  }
}

/**
 * The handlers McpServer already installed (it was built with
 * `capabilities.tools`, or plain tools were registered first), through the
 * accessor v2's Protocol keeps for role classes that dispatch through the
 * stored handler chain. It is protected, not private; a changed shape fails
 * loudly here at registration.
 */
function installedMcpToolHandlers(server: Server): { list: Handler; call: Handler } {
  const accessor = (server as unknown as { _getRequestHandler?: unknown })._getRequestHandler;
  const list = typeof accessor === 'function' ? accessor.call(server, 'tools/list') : undefined;
  const call = typeof accessor === 'function' ? accessor.call(server, 'tools/call') : undefined;
  if (typeof list !== 'function' || typeof call !== 'function') throw sdkChanged();
  return { list, call };
}

function sdkChanged(): ServerError {
  return new ServerError(
    'INTERNAL',
    'This @modelcontextprotocol/server version installs its tool handlers in a way toolscope does not know.',
    {
      hint: 'toolscope is tested against @modelcontextprotocol/server 2.4; pin a version it supports.',
    },
  );
}

/**
 * McpServer installs its `tools/list` and `tools/call` handlers when its first
 * tool is registered, and v2 has no public way to read an installed handler
 * back. So, on a McpServer that has none yet, a placeholder tool is registered
 * and removed (public API) while the handlers McpServer installs are noted as
 * they pass through `setRequestHandler`. toolscope then routes every tool it
 * does not own to them, so plain `registerTool` tools keep working.
 */
function mcpToolHandlers(mcp: McpServer): { list: Handler; call: Handler } {
  const server = mcp.server;
  if (hasHandler(server, 'tools/call')) return installedMcpToolHandlers(server);
  const seen = new Map<string, Handler>();
  const original = server.setRequestHandler;
  const noting = function (this: Server, method: string, ...rest: unknown[]) {
    const handler = rest.at(-1);
    if (typeof handler === 'function') seen.set(method, handler as Handler);
    return (original as (...args: unknown[]) => unknown).call(this, method, ...rest);
  };
  Object.defineProperty(server, 'setRequestHandler', {
    value: noting,
    configurable: true,
    writable: true,
  });
  try {
    mcp
      .registerTool('toolscope.placeholder', { description: 'placeholder' }, () => ({
        content: [],
      }))
      .remove();
  } finally {
    delete (server as { setRequestHandler?: unknown }).setRequestHandler;
  }
  const list = seen.get('tools/list');
  const call = seen.get('tools/call');
  if (list === undefined || call === undefined) throw sdkChanged();
  return { list, call };
}

/** A request for a tool toolscope does not own, without the caller's credential. */
function forOtherTool(request: CallRequest, ctx: Ctx): [CallRequest, Ctx] {
  const meta = withoutAuthorization(request.params._meta);
  if (meta === request.params._meta) return [request, ctx];
  const params = { ...request.params };
  if (meta === undefined) delete params._meta;
  else params._meta = meta;
  return [
    { ...request, params },
    { ...ctx, mcpReq: { ...ctx.mcpReq, _meta: meta } } as unknown as Ctx,
  ];
}

/** The transport of a call that did not come over HTTP (stdio, in-memory): one object for all. */
const NOT_OVER_HTTP: CallTransport = Object.freeze({ connection: undefined, overHttp: false });

function notFound(name: string): ProtocolError {
  return new ProtocolError(ProtocolErrorCode.InvalidParams, `Tool ${name} not found`);
}

function install(
  server: Server,
  registry: ToolRegistry,
  previous: { list: Handler; call: Handler } | undefined,
): void {
  try {
    server.registerCapabilities({
      tools: { listChanged: previous !== undefined },
      extensions: { [TOOLSCOPE_EXTENSION_ID]: toolscopeExtension() },
    } as never);
  } catch (cause) {
    throw new ServerError(
      'CONFIG_INVALID',
      'registerTools must run before the server connects to a transport.',
      { cause, hint: 'Build the server in a factory: register tools, then connect.' },
    );
  }
  server.setRequestHandler('tools/list', async (request, ctx) => {
    const base =
      previous === undefined
        ? undefined
        : await (previous.list as (r: unknown, c: unknown) => unknown)(request, ctx);
    const granted = (ctx as unknown as Ctx).http?.authInfo?.scopes;
    return registry.mergeListed(base as { tools?: unknown }, granted) as never;
  });
  const otherTool = async (call: CallRequest, ctx: Ctx): Promise<unknown> => {
    if (previous === undefined) throw notFound(call.params.name);
    // A tool toolscope does not own never sees the caller's token.
    const [req, c] = forOtherTool(call, ctx);
    return await (previous.call as (r: unknown, c: unknown) => unknown)(req, c);
  };
  // Not an async function: a call whose chain is synchronous (callTool's note) is
  // answered without a promise turn here; the SDK takes a value or a promise. What
  // the call throws becomes a rejection, as an async handler's throw would.
  server.setRequestHandler('tools/call', (request, context) => {
    const call = request as unknown as CallRequest;
    const ctx = context as unknown as Ctx;
    const tool = registry.get(call.params.name);
    if (tool === undefined) return otherTool(call, ctx) as never;
    try {
      const http = ctx.http;
      return callTool(tool, {
        arguments: call.params.arguments,
        meta: call.params._meta,
        transport:
          http === undefined ? NOT_OVER_HTTP : { connection: http.authInfo, overHttp: true },
        signal: ctx.mcpReq.signal,
        requestId: ctx.mcpReq.id,
        sessionId: ctx.sessionId,
        mcp: new V2Facilities(server, ctx, call.params._meta),
      }) as never;
    } catch (error) {
      return Promise.reject(error) as never;
    }
  });
}

/**
 * Registers tools with per-tool authorization on a `@modelcontextprotocol/server`
 * v2 McpServer or low-level Server: declares each requirement in tools/list
 * (wire-protocol.md §1) and in the `extensions` capability, and enforces it before the
 * handler runs (§2–4), on the 2026-07-28 revision and on 2025-era connections.
 * Plain tools registered on the same McpServer afterwards keep working and never
 * receive the caller's `_meta.authorization`. Call it before `connect`.
 */
export function registerTools(
  target: ToolHost,
  tools: readonly RegistrableTool[],
  options: RegisterToolsOptions = {},
): void {
  const server = targetServer(target);
  let registry = registryOf(server);
  if (registry === undefined) {
    const previous = target instanceof McpServer ? mcpToolHandlers(target) : undefined;
    registry = new ToolRegistry();
    install(server, registry, previous);
    keepRegistry(server, registry);
  }
  const runtime = runtimeFor(options.runtime);
  registry.add(tools, options, runtimeLogger(runtime, options.logger), runtime);
}
