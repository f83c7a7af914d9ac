import { hasAllScopes } from '@toolscope/core';
import type { Logger } from 'pino';
import { ServerError } from '../errors.js';
import { toolHandler } from '../http-tool.js';
import { defineMiddleware, type Middleware } from '../middleware.js';
import { isSelfTool, providerConfig, upstreamTarget } from '../prepare.js';
import { runtimeTokenFacts, type ToolscopeRuntime } from '../runtime.js';
import type { RegisterToolsOptions, RegistrableTool } from '../types.js';
import { compose, endOfChain } from './pipeline.js';
import { authorize } from './steps/authorize.js';
import { invoke } from './steps/invoke.js';
import { scrub } from './steps/scrub.js';
import { validate } from './steps/validate.js';
import type { NamedStep, Next, PreparedTool } from './types.js';
import { middlewareStep } from './user-middleware.js';

// PreparedTool lives in ./types.js with the call and pipeline types it refers to.
export type { PreparedTool } from './types.js';

/** The middleware of the options, checked: each must come from `defineMiddleware`. */
function middlewareOf(options: RegisterToolsOptions): readonly Middleware[] {
  const list: unknown = options.middleware;
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    throw new ServerError('CONFIG_INVALID', 'registerTools: options.middleware must be an array.');
  }
  return list.map((item: unknown, i) => {
    if (typeof item === 'function') return defineMiddleware(item as Middleware['handle']);
    const m = item as Partial<Middleware> | null;
    if (m === null || typeof m !== 'object' || typeof m.handle !== 'function') {
      throw new ServerError(
        'CONFIG_INVALID',
        `registerTools: options.middleware[${i}] is not a middleware.`,
        { hint: 'Build each one with defineMiddleware(...) from @toolscope/server.' },
      );
    }
    return defineMiddleware({ name: m.name, wraps: m.wraps, handle: m.handle });
  });
}

/**
 * A tool's chain, outermost first: `wraps: 'call'` middleware, authorize,
 * `wraps: 'handler'` middleware, validate (when the tool validates input),
 * scrub, invoke. With no middleware it is the four built-in steps and nothing else.
 */
function chainOf(middleware: readonly Middleware[], validates: boolean): NamedStep[] {
  return [
    ...middleware.filter((m) => m.wraps === 'call').map(middlewareStep),
    authorize,
    ...middleware.filter((m) => m.wraps === 'handler').map(middlewareStep),
    ...(validates ? [validate] : []),
    scrub,
    invoke,
  ];
}

/**
 * The chain of a tool without middleware, the same steps `compose` would link
 * (authorize, validate when the tool validates input, scrub, invoke), each link
 * its own function: every call site then always calls the same step, which V8
 * can inline, where `compose`'s one link function calls every step of every
 * chain from a single site.
 */
export function builtInChain(validates: boolean): Next {
  const toInvoke: Next = (state) => invoke.run(state, endOfChain);
  const toScrub: Next = (state) => scrub.run(state, toInvoke);
  if (!validates) return (state) => authorize.run(state, toScrub);
  const toValidate: Next = (state) => validate.run(state, toScrub);
  return (state) => authorize.run(state, toValidate);
}

function prepare(
  tool: RegistrableTool,
  options: RegisterToolsOptions,
  logger: Logger,
  runtime: ToolscopeRuntime,
  middleware: readonly Middleware[],
): PreparedTool {
  const { definition } = tool;
  const provider = providerConfig(definition, options);
  const validateOutput = options.validateOutput ?? process.env['NODE_ENV'] !== 'production';
  const tokenFacts = runtimeTokenFacts(runtime);
  const checkInput =
    options.validateInput === false
      ? undefined
      : runtime.schemaCheck(definition.inputSchema, `inputSchema of ${definition.name}`);
  return {
    name: definition.name,
    definition,
    requirement: definition.requirement,
    handler: toolHandler(tool, runtime) as unknown as PreparedTool['handler'],
    verifier: provider === undefined ? undefined : runtime.verifierFor(provider),
    isSelf: isSelfTool(definition),
    checkInput,
    checkOutput:
      validateOutput && definition.outputSchema !== undefined
        ? runtime.schemaCheck(definition.outputSchema, `outputSchema of ${definition.name}`)
        : undefined,
    upstream: provider === undefined ? undefined : upstreamTarget(provider),
    refusal: {
      profile: options.profile ?? 'jsonrpc',
      codes: options.codes,
      resourceMetadataUrl: options.resourceMetadataUrl,
    },
    filterByScope: options.filterToolsListByScope === true,
    logger,
    tokenFacts,
    formProblem: (token) => tokenFacts(token).formProblem,
    searcher: (token) => tokenFacts(token).searcher,
    listed: runtime.listEntry(definition),
    run:
      middleware.length === 0
        ? builtInChain(checkInput !== undefined)
        : compose(chainOf(middleware, checkInput !== undefined)),
  };
}

/**
 * The toolscope tools of one server, whichever SDK line it is built on: the
 * adapters route `tools/list` and `tools/call` here and keep nothing else.
 */
export class ToolRegistry {
  readonly #tools = new Map<string, PreparedTool>();

  /** Prepares and adds tools; a name registered twice is a configuration error. */
  add(
    tools: readonly RegistrableTool[],
    options: RegisterToolsOptions,
    logger: Logger,
    runtime: ToolscopeRuntime,
  ): void {
    const middleware = middlewareOf(options);
    // All or nothing: a duplicate name leaves the registry as it was.
    const prepared = new Map<string, PreparedTool>();
    for (const tool of tools) {
      const name = tool.definition.name;
      if (this.#tools.has(name) || prepared.has(name)) {
        throw new ServerError('CONFIG_INVALID', `Tool ${name} is registered twice.`);
      }
      prepared.set(name, prepare(tool, options, logger, runtime, middleware));
    }
    for (const [name, tool] of prepared) this.#tools.set(name, tool);
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
      out.push(tool.listed);
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
