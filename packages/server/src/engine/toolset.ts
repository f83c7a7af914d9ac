import { hasAllScopes, type ToolDefinition, ToolscopeError } from '@toolscope/core';
import type { Logger } from 'pino';
import type { EnforcedTool } from '../enforce.js';
import { toolHandler } from '../http-tool.js';
import {
  isSelfTool,
  listEntry,
  providerConfig,
  schemaCheck,
  upstreamTarget,
  verifierFor,
} from '../prepare.js';
import type { RefusalSettings } from '../profiles.js';
import type { SchemaCheck } from '../schema.js';
import type { RegistrableTool, ToolscopeServerOptions } from '../types.js';
import type { UpstreamTarget } from '../upstream.js';

/** One registered tool with everything its calls need, built once at registration. */
export interface PreparedTool extends EnforcedTool {
  readonly definition: ToolDefinition;
  readonly handler: (input: unknown, context: unknown) => unknown;
  readonly checkInput: SchemaCheck | undefined;
  readonly checkOutput: SchemaCheck | undefined;
  readonly upstream: UpstreamTarget | undefined;
  readonly refusal: RefusalSettings;
  readonly filterByScope: boolean;
  readonly logger: Logger;
}

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
    handler: toolHandler(tool) as unknown as PreparedTool['handler'],
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

/**
 * The toolscope tools of one server, whichever SDK line it is built on: the
 * adapters route `tools/list` and `tools/call` here and keep nothing else.
 */
export class ToolRegistry {
  readonly #tools = new Map<string, PreparedTool>();

  /** Prepares and adds tools; a name registered twice is a configuration error. */
  add(tools: readonly RegistrableTool[], options: ToolscopeServerOptions, logger: Logger): void {
    for (const tool of tools) {
      const name = tool.definition.name;
      if (this.#tools.has(name)) {
        throw new ToolscopeError('CONFIG_INVALID', `Tool ${name} is registered twice.`);
      }
      this.#tools.set(name, prepare(tool, options, logger));
    }
  }

  /** The tool of that name, if toolscope owns it. */
  get(name: string): PreparedTool | undefined {
    return this.#tools.get(name);
  }

  /** True when toolscope owns a tool of that name. */
  has(name: string): boolean {
    return this.#tools.has(name);
  }

  /**
   * The Tool objects of `tools/list` (wire-protocol.md §1). In spec-native mode a `self`
   * tool whose scopes the connection token lacks can be left out.
   */
  listed(granted: readonly string[] | undefined): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const tool of this.#tools.values()) {
      if (tool.filterByScope && tool.isSelf && granted !== undefined) {
        const req = tool.requirement;
        if (req.method === 'oauth2' && !hasAllScopes(req.requiredScopes, granted)) continue;
      }
      out.push(listEntry(tool.definition));
    }
    return out;
  }

  /** Merges the tools another handler listed with toolscope's, toolscope's winning a name. */
  mergeListed(
    base: { tools?: unknown } | undefined,
    granted: readonly string[] | undefined,
  ): Record<string, unknown> {
    const others = Array.isArray(base?.tools)
      ? (base.tools as { name?: unknown }[]).filter(
          (t) => typeof t?.name !== 'string' || !this.#tools.has(t.name),
        )
      : [];
    return { ...base, tools: [...others, ...this.listed(granted)] };
  }
}
