import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';
import {
  AUTH_ERROR_REASONS,
  hasAllScopes,
  type ToolDefinition,
  ToolscopeError,
} from '@toolscope/core';
import type { Logger } from 'pino';
import { authorizeCall, type ConnectionAuth, type EnforcedTool, isAuthFailure } from './enforce.js';
import { UpstreamRejectedError } from './errors.js';
import { toolscopeLogger } from './logging.js';
import {
  isSelfTool,
  listEntry,
  providerConfig,
  schemaCheck,
  upstreamTarget,
  verifierFor,
} from './prepare.js';
import { type RefusalSettings, refuse } from './profiles.js';
import { containsToken, redactToken, redactTokenDeep } from './redact.js';
import type { SchemaCheck } from './schema.js';
import { initializeMcpToolHandlers, installedHandler, lowLevelServer } from './sdk-internals.js';
import type { RegistrableTool, ToolHost, ToolscopeServerOptions } from './types.js';
import { createUpstreamFetch, type UpstreamTarget } from './upstream.js';

interface PreparedTool extends EnforcedTool {
  readonly definition: ToolDefinition;
  readonly handler: (input: unknown, context: unknown) => unknown;
  readonly checkInput: SchemaCheck | undefined;
  readonly checkOutput: SchemaCheck | undefined;
  readonly upstream: UpstreamTarget | undefined;
  readonly refusal: RefusalSettings;
  readonly filterByScope: boolean;
  readonly logger: Logger;
}

interface Registry {
  readonly tools: Map<string, PreparedTool>;
}

interface CallRequest {
  params: { name: string; arguments?: Record<string, unknown>; _meta?: unknown };
}

interface HandlerExtra {
  signal: AbortSignal;
  requestId: string | number;
  sessionId?: string;
  authInfo?: ConnectionAuth;
  /** Set by the SDK's HTTP transports only. */
  requestInfo?: unknown;
}

const registries = new WeakMap<Server, Registry>();

function prepare(
  tool: RegistrableTool,
  options: ToolscopeServerOptions,
  logger: Logger,
): PreparedTool {
  const { definition } = tool;
  const provider = providerConfig(definition, options);
  const validateOutput = options.validateOutput ?? process.env['NODE_ENV'] !== 'production';
  return {
    name: definition.name,
    definition,
    requirement: definition.requirement,
    handler: tool.handler as unknown as PreparedTool['handler'],
    verifier: provider === undefined ? undefined : verifierFor(provider),
    isSelf: isSelfTool(definition),
    checkInput:
      options.validateInput === false
        ? undefined
        : schemaCheck(definition.inputSchema, `inputSchema of ${definition.name}`),
    checkOutput:
      validateOutput && definition.outputSchema !== undefined
        ? schemaCheck(definition.outputSchema, `outputSchema of ${definition.name}`)
        : undefined,
    upstream: provider === undefined ? undefined : upstreamTarget(provider),
    refusal: {
      profile: options.profile ?? 'jsonrpc',
      codes: options.codes,
      resourceMetadataUrl: options.resourceMetadataUrl,
    },
    filterByScope: options.filterToolsListByScope === true,
    logger,
  };
}

/** A handler error as a tool result; the token is cut out in case the handler echoed it. */
function failedResult(error: unknown, token: string | undefined): Record<string, unknown> {
  const message = error instanceof Error ? error.message : 'Tool failed.';
  const text = token === undefined ? message : redactToken(message, token);
  return { content: [{ type: 'text', text }], isError: true };
}

/**
 * A handler's McpError goes to the wire as it is (its code is the handler's
 * choice), but with the call's token cut out of its message and data.
 */
function redactedMcpError(error: McpError, token: string | undefined): McpError {
  if (token === undefined) return error;
  const copy = new McpError(error.code, '', redactTokenDeep(error.data, token));
  // McpError prefixes "MCP error <code>:"; the original message already carries it.
  copy.message = redactToken(error.message, token);
  return copy;
}

async function callTool(
  tool: PreparedTool,
  request: CallRequest,
  extra: HandlerExtra,
): Promise<unknown> {
  const checked = authorizeCall(
    tool,
    request.params._meta,
    { connection: extra.authInfo, overHttp: extra.requestInfo !== undefined },
    extra.signal,
  );
  // Only a verifier makes the check asynchronous; opaque and none stay synchronous.
  const outcome = checked instanceof Promise ? await checked : checked;
  if (isAuthFailure(outcome)) {
    tool.logger.info(
      { tool: tool.name, error: outcome.kind, reason: outcome.reason },
      'tool call refused',
    );
    return refuse(tool.name, tool.requirement, outcome, tool.refusal);
  }
  const args = request.params.arguments ?? {};
  const invalid = tool.checkInput?.(args);
  if (invalid !== undefined) {
    throw new McpError(
      ErrorCode.InvalidParams,
      `Invalid arguments for tool ${tool.name}: ${invalid}`,
    );
  }
  const token = outcome.method === 'none' ? undefined : outcome.token;
  const context =
    outcome.method === 'none'
      ? {
          toolName: tool.name,
          signal: extra.signal,
          requestId: extra.requestId,
          sessionId: extra.sessionId,
          method: 'none' as const,
        }
      : {
          toolName: tool.name,
          signal: extra.signal,
          requestId: extra.requestId,
          sessionId: extra.sessionId,
          method: outcome.method,
          token: outcome.token,
          claims: outcome.claims,
          fetch: createUpstreamFetch(tool.upstream!, outcome.token),
        };
  let output: unknown;
  try {
    output = await tool.handler(args, context);
  } catch (error) {
    if (error instanceof UpstreamRejectedError) {
      tool.logger.info({ tool: tool.name, status: error.status }, 'upstream rejected the token');
      return refuse(
        tool.name,
        tool.requirement,
        error.insufficientScope
          ? { kind: 'insufficient_scope', reason: AUTH_ERROR_REASONS.upstreamInsufficientScope }
          : { kind: 'invalid_token', reason: AUTH_ERROR_REASONS.upstreamRejected },
        tool.refusal,
      );
    }
    if (error instanceof McpError) throw redactedMcpError(error, token);
    tool.logger.warn(
      { tool: tool.name, error: error instanceof Error ? error.name : 'unknown' },
      'tool handler failed',
    );
    return failedResult(error, token);
  }
  if (tool.definition.outputSchema === undefined) return scrubResult(output, token, tool);
  const mismatch = tool.checkOutput?.(output);
  if (mismatch !== undefined) {
    throw new McpError(
      ErrorCode.InternalError,
      // The mismatch names fields and keys from the handler's output, which may echo the token.
      `Output of tool ${tool.name} does not match its outputSchema: ${
        token === undefined ? mismatch : redactToken(mismatch, token)
      }`,
    );
  }
  return scrubResult(
    { content: [{ type: 'text', text: JSON.stringify(output) }], structuredContent: output },
    token,
    tool,
  );
}

/**
 * WIRE.md §2: a tool result never carries the caller's token, even when a handler
 * echoes it. Every string and key is searched (a search of the serialized JSON
 * would miss a token with characters JSON escapes). A result that holds the token
 * is withheld whole rather than rewritten: rewriting could corrupt the result's
 * own structure when the token is short or stands in a key.
 */
function scrubResult(result: unknown, token: string | undefined, tool: PreparedTool): unknown {
  if (token === undefined || !containsToken(result, token)) return result;
  tool.logger.warn({ tool: tool.name }, 'tool result contained the caller token; withheld');
  return {
    content: [
      {
        type: 'text',
        text: "The tool's result was withheld: it contained the caller's credential.",
      },
    ],
    isError: true,
  };
}

function install(server: Server, registry: Registry): void {
  const previousList = installedHandler(server, 'tools/list');
  const previousCall = installedHandler(server, 'tools/call');
  try {
    server.registerCapabilities({ tools: { listChanged: previousList !== undefined } });
  } catch (cause) {
    throw new ToolscopeError(
      'CONFIG_INVALID',
      'registerTools must run before the server connects to a transport.',
      {
        cause,
        hint: 'Build the server in a factory: register tools, then connect.',
      },
    );
  }
  server.setRequestHandler(ListToolsRequestSchema, async (request, extra) => {
    const base = (
      previousList === undefined ? { tools: [] } : await previousList(request, extra)
    ) as {
      tools: { name: string }[];
    };
    const granted = extra.authInfo?.scopes;
    const ours = [...registry.tools.values()]
      .filter((tool) => {
        if (!tool.filterByScope || !tool.isSelf || granted === undefined) return true;
        const req = tool.requirement;
        return req.method !== 'oauth2' || hasAllScopes(req.requiredScopes, granted);
      })
      .map((tool) => listEntry(tool.definition));
    const others = base.tools.filter((t) => !registry.tools.has(t.name));
    return { ...base, tools: [...others, ...ours] } as never;
  });
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = registry.tools.get(request.params.name);
    if (tool === undefined) {
      if (previousCall !== undefined) return (await previousCall(request, extra)) as never;
      throw new McpError(ErrorCode.InvalidParams, `Tool ${request.params.name} not found`);
    }
    return (await callTool(
      tool,
      request as CallRequest,
      extra as unknown as HandlerExtra,
    )) as never;
  });
}

/**
 * Registers tools with per-tool authorization on an McpServer or a low-level
 * Server: declares each requirement in tools/list (WIRE.md §1) and enforces it
 * before the handler runs (§2–4). Plain tools registered on the same McpServer,
 * before or after, keep working. Call it before `connect`.
 */
export function registerTools(
  target: ToolHost,
  tools: readonly RegistrableTool[],
  options: ToolscopeServerOptions = {},
): void {
  // ToolHost is structural for the declarations' sake; at run time it must be one of the two.
  const server = lowLevelServer(target);
  const logger = toolscopeLogger(options.logger);
  let registry = registries.get(server);
  if (registry === undefined) {
    if (target instanceof McpServer) initializeMcpToolHandlers(target);
    registry = { tools: new Map() };
    install(server, registry);
    registries.set(server, registry);
  }
  for (const tool of tools) {
    if (registry.tools.has(tool.definition.name)) {
      throw new ToolscopeError(
        'CONFIG_INVALID',
        `Tool ${tool.definition.name} is registered twice.`,
      );
    }
    registry.tools.set(tool.definition.name, prepare(tool, options, logger));
  }
}
