import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { type JsonSchemaObject, type ToolDefinition, toListedTool } from '@toolscope/core';
import type { Logger } from 'pino';
import { ServerError } from './errors.js';
import { createTokenFactsCache, TokenFacts } from './exposure.js';
import { createHttpToolHandler } from './http-tool.js';
import { createLoggerCache, toolscopeLogger } from './logging.js';
import { createSchemaCompiler, type SchemaCheck } from './schema.js';
import type {
  ServerProvider,
  ToolscopeRuntime,
  ToolTokenVerifier,
  VerifierConfig,
} from './types.js';
import { createToolTokenVerifier } from './verifiers/index.js';

export type { ToolscopeRuntime } from './types.js';

/** Options of `createToolscopeRuntime`. */
export interface ToolscopeRuntimeOptions {
  /**
   * How many distinct serializable verifier configurations (jwt, introspection)
   * keep a shared verifier, oldest dropped first. Default 256.
   */
  readonly maxSharedVerifiers?: number;
  /**
   * How many distinct tokens keep what is worked out about them once (the
   * spelling verdict, the result searcher with the token's spellings and
   * fragment table that the result scrub uses, the fingerprint of the
   * verified-result cache key), least recently used dropped first. Default 256.
   */
  readonly maxTokenSearchers?: number;
}

const RUNTIME_BRAND = Symbol.for('toolscope.runtime');
const RUNTIME_CACHES = Symbol('toolscope.runtime.caches');

/** The caches of a runtime that only toolscope's own modules use. */
interface InternalCaches {
  /** `toolscopeLogger(logger)`, made once per app logger (and once for none). */
  readonly logger: (logger: unknown) => Logger;
  /** The facts of a token (spelling verdict, searcher, fingerprint), made once per distinct token (bounded). */
  readonly tokenFacts: (token: string) => TokenFacts;
}

/** A runtime as `createToolscopeRuntime` builds it; the brand tells it from look-alikes. */
interface BrandedRuntime extends ToolscopeRuntime {
  readonly [RUNTIME_BRAND]: true;
  readonly [RUNTIME_CACHES]: InternalCaches;
}

/** Without caching: for a runtime another copy of this package made (same brand, its own caches). */
const UNCACHED: InternalCaches = Object.freeze({
  logger: toolscopeLogger,
  tokenFacts: (token: string) => new TokenFacts(token),
});

function cachesOf(runtime: ToolscopeRuntime): InternalCaches {
  return (runtime as Partial<BrandedRuntime>)[RUNTIME_CACHES] ?? UNCACHED;
}

/**
 * The redacting logger toolscope writes to for `logger` (the app's pino
 * logger, or none), shared by every registration on `runtime`: the per-request
 * servers of a stateless endpoint do not build (and compile) one each.
 */
export function runtimeLogger(runtime: ToolscopeRuntime, logger: unknown): Logger {
  return cachesOf(runtime).logger(logger);
}

/** The runtime's per-token cache: `(token) => facts`, one entry per distinct token (bounded). */
export function runtimeTokenFacts(runtime: ToolscopeRuntime): (token: string) => TokenFacts {
  return cachesOf(runtime).tokenFacts;
}

/** True for an object `createToolscopeRuntime` built. */
export function isToolscopeRuntime(value: unknown): value is ToolscopeRuntime {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as Partial<BrandedRuntime>)[RUNTIME_BRAND] === true
  );
}

/**
 * What identifies a verifier configuration. A jwt or introspection config is
 * plain data, so it is keyed by its content: per-request servers, generated
 * `register*Tools` and secrets resolved from the environment rebuild these
 * objects on every registration, while the JWKS and result caches must outlive
 * one request. The content is hashed, so no client secret is kept as a key. A
 * custom config holds a function and is keyed by the object itself.
 */
function contentKey(provider: ServerProvider, config: VerifierConfig): string | undefined {
  if (config.kind === 'custom') return undefined;
  const fields = Object.entries(config).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify([provider.id, provider.issuer, provider.resource, fields]))
    .digest('hex');
}

/** Creates an empty runtime: the caches one server, or several servers together, use. */
export function createToolscopeRuntime(options: ToolscopeRuntimeOptions = {}): ToolscopeRuntime {
  const maxShared = options.maxSharedVerifiers ?? 256;
  if (!Number.isSafeInteger(maxShared) || maxShared < 1) {
    throw new ServerError(
      'CONFIG_INVALID',
      `createToolscopeRuntime: maxSharedVerifiers must be a positive integer, got ${String(maxShared)}.`,
    );
  }
  const maxSearchers = options.maxTokenSearchers ?? 256;
  if (!Number.isSafeInteger(maxSearchers) || maxSearchers < 1) {
    throw new ServerError(
      'CONFIG_INVALID',
      `createToolscopeRuntime: maxTokenSearchers must be a positive integer, got ${String(maxSearchers)}.`,
    );
  }
  const caches: InternalCaches = {
    logger: createLoggerCache(),
    tokenFacts: createTokenFactsCache(maxSearchers),
  };
  const compile = createSchemaCompiler();
  const schemaChecks = new WeakMap<JsonSchemaObject, SchemaCheck>();
  const listEntries = new WeakMap<ToolDefinition, Record<string, unknown>>();
  const httpHandlers = new WeakMap<ToolDefinition, (input: never, context: never) => unknown>();
  const byConfigObject = new WeakMap<object, Map<string, ToolTokenVerifier>>();
  const byContent = new Map<string, ToolTokenVerifier>();
  let customCount = 0;

  const verifierFor = (provider: ServerProvider): ToolTokenVerifier | undefined => {
    const config: VerifierConfig | undefined = provider.verifier;
    // Opaque: nothing to verify, and no promise to await on the hot path.
    if (config === undefined || config.kind === 'opaque') return undefined;
    const build = () =>
      createToolTokenVerifier(config, {
        providerId: provider.id,
        issuer: provider.issuer,
        audience: provider.resource,
      });
    const key = contentKey(provider, config);
    if (key === undefined) {
      const target = `${provider.id}\u0000${provider.issuer ?? ''}\u0000${provider.resource ?? ''}`;
      let byTarget = byConfigObject.get(config);
      if (byTarget === undefined) {
        byTarget = new Map();
        byConfigObject.set(config, byTarget);
      }
      let verifier = byTarget.get(target);
      if (verifier === undefined) {
        verifier = build();
        byTarget.set(target, verifier);
        customCount++;
      }
      return verifier;
    }
    let verifier = byContent.get(key);
    if (verifier === undefined) {
      verifier = build();
      byContent.set(key, verifier);
      // Oldest first: an application that makes endless distinct configs cannot grow this.
      if (byContent.size > maxShared) {
        const oldest = byContent.keys().next().value;
        if (oldest !== undefined) byContent.delete(oldest);
      }
    }
    return verifier;
  };

  const runtime: BrandedRuntime = {
    [RUNTIME_BRAND]: true,
    [RUNTIME_CACHES]: caches,
    schemaCheck(schema, label) {
      let check = schemaChecks.get(schema);
      if (check === undefined) {
        check = compile(schema, label);
        schemaChecks.set(schema, check);
      }
      return check;
    },
    listEntry(definition) {
      let entry = listEntries.get(definition);
      if (entry === undefined) {
        entry = toListedTool(definition);
        listEntries.set(definition, entry);
      }
      return entry;
    },
    httpHandler(definition) {
      let handler = httpHandlers.get(definition);
      if (handler === undefined) {
        handler = createHttpToolHandler(definition) as unknown as (
          input: never,
          context: never,
        ) => unknown;
        httpHandlers.set(definition, handler);
      }
      return handler;
    },
    verifierFor,
    get verifierCount() {
      return byContent.size + customCount;
    },
  };
  return runtime;
}

/**
 * The runtime of the HTTP endpoint whose server factory is running: an endpoint
 * builds a server per stateless request, and `registerTools` inside that
 * factory takes the endpoint's runtime from here when the options name none,
 * so JWKS and verified-result caches outlive the request without module state.
 *
 * Why an async context and not an argument: `createServer` factories written
 * before runtimes existed call `registerTools(server, tools, options)` without
 * a runtime, and they must keep sharing the endpoint's caches. The store holds
 * no value of its own: it is private to this module and entered only through
 * `run()` in `withRuntime`, so the runtime is visible only inside that
 * factory's own (async) calls and two endpoints never see each other's. The
 * structure check allows exactly this shape (an AsyncLocalStorage that is not
 * exported and never entered with `enterWith`); a factory that wants to be
 * explicit passes `options.runtime` itself.
 */
const endpointScope = new AsyncLocalStorage<ToolscopeRuntime>();

/** Runs a server factory with `runtime` as the one `registerTools` uses by default. */
export function withRuntime<T>(runtime: ToolscopeRuntime, build: () => T): T {
  return endpointScope.run(runtime, build);
}

/** The runtime a registration uses: the options', else the building endpoint's, else a new one. */
export function runtimeFor(configured: ToolscopeRuntime | undefined): ToolscopeRuntime {
  if (configured !== undefined) {
    if (!isToolscopeRuntime(configured)) {
      throw new ServerError(
        'CONFIG_INVALID',
        'registerTools: options.runtime is not a runtime made by createToolscopeRuntime().',
        { hint: 'Create it with createToolscopeRuntime() from @toolscope/server.' },
      );
    }
    return configured;
  }
  return endpointScope.getStore() ?? createToolscopeRuntime();
}
