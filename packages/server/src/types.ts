/**
 * The public contract of @toolscope/server. The generator emits code against
 * these types, so change them only together with packages/codegen.
 */
import type {
  ApiKeyRequirement,
  AuthErrorCodes,
  AuthErrorKind,
  NoneRequirement,
  OAuth2Requirement,
  ToolDefinition,
  ToolRequirement,
} from '@toolscope/core/runtime';

/** Claims of a tool token that a verifier checked. */
export interface VerifiedClaims {
  /** `sub` of the token, when the verifier knows it. */
  readonly subject?: string | undefined;
  /** Every scope the token holds. */
  readonly scopes: readonly string[];
  /** When the token stops being valid. */
  readonly expiresAt?: Date | undefined;
  /** `client_id` / `azp`, when present. */
  readonly clientId?: string | undefined;
  /** Which verifier produced these claims. */
  readonly verifiedBy: 'jwt' | 'introspection' | 'custom' | 'connection';
}

/** Verification failure reasons a custom verifier may report. */
export type VerificationFailure = 'invalid_token' | 'insufficient_scope';

/** A custom verifier: resolve claims, or throw `TokenVerificationError`. */
export type TokenVerifierFunction = (
  token: string,
  context: { readonly tool: string; readonly provider: string; readonly signal?: AbortSignal },
) => Promise<VerifiedClaims> | VerifiedClaims;

/** How tool tokens of one provider are verified (wire-protocol.md §4). Secrets come only from options. */
export type VerifierConfig =
  | { readonly kind: 'opaque' }
  | {
      readonly kind: 'jwt';
      readonly jwksUri: string;
      /** Allowed JWS algorithms; `none` and HMAC algorithms are refused at configuration time. */
      readonly algorithms: readonly string[];
      readonly typ?: string | undefined;
      /** Leeway for exp/nbf/iat in ms, 0 to 60000 (else VERIFIER_MISCONFIGURED). Default 30000. */
      readonly clockToleranceMs?: number | undefined;
      /** @deprecated Use `clockToleranceMs` (the same leeway in milliseconds). */
      readonly clockToleranceSeconds?: number | undefined;
      /** Minimum time between JWKS fetches in ms (an unknown kid triggers one). Default 30000. */
      readonly jwksCooldownMs?: number | undefined;
      /** @deprecated Use `jwksCooldownMs` (the same cooldown in milliseconds). */
      readonly jwksCooldownSeconds?: number | undefined;
    }
  | {
      readonly kind: 'introspection';
      readonly endpoint: string;
      readonly clientId?: string | undefined;
      readonly clientSecret?: string | undefined;
      /** Cache TTL for active answers in ms, never past the token's exp. Default 60000. */
      readonly cacheTtlMs?: number | undefined;
      /** @deprecated Use `cacheTtlMs` (the same TTL in milliseconds). */
      readonly cacheTtlSeconds?: number | undefined;
      /** Request timeout in ms; a timeout fails closed. Default 3000. */
      readonly timeoutMs?: number | undefined;
    }
  | {
      readonly kind: 'custom';
      readonly verify: TokenVerifierFunction;
      /**
       * What the verifier's answer depends on, so its cache keys on it: `tool`
       * (the default: it is told `context.tool`, so answers are cached per tool
       * and token) or `token` (one answer per token, shared by every tool).
       */
      readonly dependsOn?: 'tool' | 'token' | undefined;
    };

/** A provider as the server runtime sees it: public facts plus how to verify its tokens. */
export interface ServerProvider {
  readonly id: string;
  readonly type: 'oauth2' | 'apiKey';
  /** Exact `iss` expected in tokens (oauth2). */
  readonly issuer?: string | undefined;
  /** The audience tokens must contain, and the only origin the upstream fetch may reach. */
  readonly resource?: string | undefined;
  /** apiKey: header the upstream service reads the key from. */
  readonly headerName?: string | undefined;
  /** apiKey: prefix before the key in that header, e.g. `ApiKey `. */
  readonly valuePrefix?: string | undefined;
  readonly verifier?: VerifierConfig | undefined;
}

/** @deprecated Renamed `ServerProvider` (the client's `ProviderConfig` is another thing). */
export type ProviderConfig = ServerProvider;

/** Severity of a log message sent to the client (RFC 5424 levels, as MCP names them). */
export type McpLogLevel =
  | 'debug'
  | 'info'
  | 'notice'
  | 'warning'
  | 'error'
  | 'critical'
  | 'alert'
  | 'emergency';

/**
 * What a `tools/call` handler may ask of the client mid-call, the same on both
 * SDK lines: progress, logging, and requests for input. On the 2026-07-28
 * revision a server asks through an input-required result (`requireInput`);
 * on 2025-era connections it sends the request itself (`request`).
 */
export interface McpCallFacilities {
  /** `modern`: the request came in the 2026-07-28 revision (stateless); `legacy`: a 2025-era connection. */
  readonly era: 'modern' | 'legacy';
  /** The request's `_meta`, without `authorization`: the credential never reaches a handler this way. */
  readonly meta: Readonly<Record<string, unknown>>;
  /** Sends `notifications/progress` when the client asked for progress (a `progressToken`); else does nothing. */
  progress(progress: number, total?: number, message?: string): Promise<void>;
  /** Sends `notifications/message` to the client, subject to the level it set. */
  log(level: McpLogLevel, data: unknown, logger?: string): Promise<void>;
  /**
   * Sends a server-to-client request on a 2025-era connection (`elicitation/create`,
   * `sampling/createMessage`, `roots/list`) and resolves with its result. On the
   * 2026-07-28 revision, use `requireInput` instead; `request` rejects there.
   */
  request(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /**
   * Ends the call with an input-required result (2026-07-28): the client fulfils
   * `inputRequests` (keyed as you name them) and calls the tool again, and the
   * answers arrive in `inputResponses`. Throws, so `return ctx.mcp.requireInput(…)`
   * and `throw` both work in a handler of any return type.
   */
  requireInput(spec: InputRequiredSpec): never;
  /**
   * The capabilities the client declared: in this request's `_meta` envelope
   * (2026-07-28) or at `initialize` (2025-era); undefined when unknown.
   */
  readonly clientCapabilities: Readonly<Record<string, unknown>> | undefined;
  /** What the client answered to an earlier input-required result, keyed as requested; else undefined. */
  readonly inputResponses: Readonly<Record<string, unknown>> | undefined;
  /** The SDK's own handler context (its shape depends on the SDK line), for anything not covered here. */
  readonly sdk: unknown;
}

/** The body of an input-required result (MCP 2026-07-28 multi-round-trip requests). */
export interface InputRequiredSpec {
  /** Requests for the client to fulfil, e.g. `{ confirm: { method: 'elicitation/create', params: {...} } }`. */
  readonly inputRequests?: Readonly<Record<string, unknown>>;
  /** Opaque state the client echoes back on the retried call. */
  readonly requestState?: string;
}

/** What every handler gets. */
export interface BaseToolContext {
  readonly toolName: string;
  readonly signal: AbortSignal;
  readonly requestId: string | number;
  readonly sessionId?: string | undefined;
  /** Progress, logging, cancellation and requests for input, on either SDK line. */
  readonly mcp: McpCallFacilities;
}

/** A `fetch` bound to the provider's `resource` origin that carries the user's token. */
export type UpstreamFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** Context of an oauth2 or apiKey tool's handler: it holds the user's token. */
export interface TokenToolContext<M extends 'oauth2' | 'apiKey' = 'oauth2' | 'apiKey'>
  extends BaseToolContext {
  readonly method: M;
  /** The end user's tool token, exactly as the client sent it. Never log it. */
  readonly token: string;
  /** Present when a verifier (jwt, introspection, custom, connection) ran. */
  readonly claims?: VerifiedClaims | undefined;
  /** Calls the provider's API with the token; an upstream 401/403 becomes -32003. */
  readonly fetch: UpstreamFetch;
}

/** Context of a `none` tool's handler: it never holds a token. */
export interface NoneToolContext extends BaseToolContext {
  readonly method: 'none';
  readonly token?: never;
}

/** The handler context for a requirement type. */
export type ToolContext<R extends ToolRequirement> = R extends NoneRequirement
  ? NoneToolContext
  : R extends OAuth2Requirement
    ? TokenToolContext<'oauth2'>
    : R extends ApiKeyRequirement
      ? TokenToolContext<'apiKey'>
      : never;

/**
 * A tool result as a handler without an output schema returns it: MCP's
 * CallToolResult, written structurally so that handler types need neither SDK.
 */
export interface ToolCallResult {
  readonly content: readonly { readonly type: string; readonly [field: string]: unknown }[];
  readonly structuredContent?: Readonly<Record<string, unknown>> | undefined;
  readonly isError?: boolean | undefined;
  readonly _meta?: Readonly<Record<string, unknown>> | undefined;
  readonly [field: string]: unknown;
}

/**
 * A handler. With an `outputSchema` it returns the structured output object
 * (the runtime adds the text content); without one it returns a CallToolResult.
 */
export type ToolHandler<R extends ToolRequirement, I, O> = (
  input: I,
  context: ToolContext<R>,
) => Promise<O> | O;

/** One tool to register: its definition and its handler. */
export interface AuthorizedTool<
  R extends ToolRequirement = ToolRequirement,
  I = Record<string, unknown>,
  O = unknown,
> {
  readonly definition: ToolDefinition<R>;
  readonly handler: ToolHandler<R, I, O>;
}

/**
 * Any AuthorizedTool, whatever its requirement and types: what `registerTools`
 * accepts. The handler is typed loosely here because a list mixes tools. A
 * declarative tool (its definition has `http`) may leave the handler out; a
 * handler given for it overrides the mapping.
 */
export interface RegistrableTool {
  readonly definition: ToolDefinition;
  readonly handler?: ((input: never, context: never) => unknown) | undefined;
}

/**
 * How a refused call is answered (wire-protocol.md §3, §7): `jsonrpc` (the proposal's
 * -32001/-32003 errors, the default), `tool-result` (an `isError` result with
 * `mcp/www_authenticate` challenges) or `denial` (draft: SEP-2643's envelope).
 */
export type ErrorProfile = 'jsonrpc' | 'tool-result' | 'denial';

/** Options of `registerTools`. */
export interface RegisterToolsOptions {
  /** Per provider id; overrides the provider's own verifier config. */
  readonly providers?: Readonly<Record<string, ServerProvider>>;
  readonly profile?: ErrorProfile;
  readonly codes?: AuthErrorCodes;
  /** Validate arguments against `inputSchema` (-32602 naming the field). Default true. */
  readonly validateInput?: boolean;
  /** Validate structured output against `outputSchema`. Default: NODE_ENV !== 'production'. */
  readonly validateOutput?: boolean;
  /** RFC 9728 metadata URL used in challenges (tool-result profile and spec-native mode). */
  readonly resourceMetadataUrl?: string;
  /** A pino logger (redaction is added); default a silent-unless-configured logger. */
  readonly logger?: unknown;
  /** Spec-native mode: hide `self` tools whose scopes the connection token lacks. Default false. */
  readonly filterToolsListByScope?: boolean;
  /**
   * Middleware around every call of these tools, outermost first (see
   * `defineMiddleware`): each sees the tool, its requirement, the verified
   * principal (never the token) and the arguments, and may refuse the call or
   * observe its outcome.
   */
  readonly middleware?: readonly Middleware[];
  /**
   * The caches these tools use (compiled schemas, verifiers with their JWKS and
   * result caches). Default: the HTTP endpoint's when registering inside its
   * `createServer`, else one made for this registration.
   */
  readonly runtime?: ToolscopeRuntime;
}

/** @deprecated Renamed `RegisterToolsOptions`. */
export type ToolscopeServerOptions = RegisterToolsOptions;

/**
 * Where tools are registered: an SDK `McpServer` or low-level `Server` of
 * either SDK line, written structurally so that the declarations of
 * `registerTools` (and so every generated server package) do not pull in the
 * SDK's types.
 */
export type ToolHost =
  | { setRequestHandler(...args: never[]): unknown }
  | { readonly server: { setRequestHandler(...args: never[]): unknown } };

/** A configured verifier with its result cache. `undefined` claims mean opaque (nothing checked). */
export type ToolTokenVerifier = (
  token: string,
  context: { readonly tool: string; readonly signal?: AbortSignal },
) => Promise<VerifiedClaims | undefined>;

/**
 * Everything toolscope caches between calls and between servers: compiled
 * schemas, `tools/list` entries, compiled http mappings, and the verifiers with their JWKS key sets and
 * verified-result caches. A server owns one (`registerTools` makes one when
 * given none); pass the same runtime to servers that should share caches — the
 * HTTP endpoints do that for the servers they build per request. Nothing of it
 * lives in module state, so two runtimes never see each other's entries.
 * Create one with `createToolscopeRuntime()`.
 */
export interface ToolscopeRuntime {
  /** The compiled validator of a schema, built once per schema object; returns an error phrase or undefined. */
  schemaCheck(
    schema: ToolDefinition['inputSchema'],
    label: string,
  ): (value: unknown) => string | undefined;
  /** The Tool object of `tools/list` of a definition, built once per definition object. */
  listEntry(definition: ToolDefinition): Record<string, unknown>;
  /** The verifier of a provider, shared by every registration with an equal configuration. */
  verifierFor(provider: ServerProvider): ToolTokenVerifier | undefined;
  /**
   * The handler of a declarative tool, compiled from its `http` mapping once
   * per definition object. Throws CONFIG_INVALID for a definition without a
   * mapping or with one the manifest loader would have refused.
   */
  httpHandler(definition: ToolDefinition): (input: never, context: never) => unknown;
  /** How many verifiers the runtime holds (for tests and metrics). */
  readonly verifierCount: number;
}

// ---------------------------------------------------------------- middleware
// The functions that make these (defineMiddleware, denyCall, …) are in middleware.ts.

/**
 * Why a call did not produce the tool's own result, as one typed value. The
 * engine turns it into the server's answer in one place (engine/answer.ts):
 * an authorization refusal becomes the profile's -32001/-32003 error, an
 * `isError` result with challenges, or SEP-2643's denial envelope.
 */
export type CallRefusal =
  | {
      /** A -32001/-32003 authorization refusal, answered in the server's profile. */
      readonly kind: 'authorization';
      readonly error: AuthErrorKind;
      /** A short fixed phrase; any piece of the caller's token is cut out of it. */
      readonly reason: string;
    }
  | {
      /** An `isError` tool result: the model reads `message` (rate limits, policy notes). */
      readonly kind: 'tool-error';
      readonly message: string;
      /** Extra `_meta` on the result (e.g. a retry hint); keys must not name credentials. */
      readonly meta?: Readonly<Record<string, unknown>> | undefined;
    }
  | {
      /** A JSON-RPC error with this code (e.g. -32602 invalid arguments). */
      readonly kind: 'protocol';
      readonly code: number;
      readonly message: string;
      readonly data?: unknown;
    };

/** What a call came to, as every step and middleware sees it on the way out. */
export type CallOutcome =
  | {
      readonly type: 'result';
      /** The CallToolResult (or input-required result) as it will be sent. */
      readonly result: Readonly<Record<string, unknown>>;
    }
  | {
      readonly type: 'refused';
      readonly refusal: CallRefusal;
      /** The step or middleware that refused: `authorize`, `validate`, `invoke`, or a middleware's name. */
      readonly by: string;
    };

/** The verified caller of a token-bearing tool, without the token. */
export interface CallPrincipal {
  readonly method: 'oauth2' | 'apiKey';
  /**
   * A stable, non-reversible id of the credential: the first 16 characters of
   * the base64url SHA-256 of the token. Use it to tell API keys apart in logs.
   */
  readonly keyId: string;
  /** `sub`, when a verifier (jwt, introspection, custom, connection) knows it. */
  readonly subject: string | undefined;
  readonly clientId: string | undefined;
  /** The token's scopes, when a verifier ran; undefined for opaque tokens. */
  readonly scopes: readonly string[] | undefined;
  /** Which verifier produced the claims; `opaque` when the token was only checked for presence. */
  readonly verifiedBy: VerifiedClaims['verifiedBy'] | 'opaque';
}

/** What a middleware gets for one call. */
export interface MiddlewareContext {
  readonly toolName: string;
  /** The tool's declared requirement (wire-protocol.md §1). */
  readonly requirement: ToolRequirement;
  /**
   * The verified caller; undefined for a `none` tool and, in `wraps: 'call'`
   * middleware, until `next()` has authorized the call (and after a refusal).
   */
  readonly principal: CallPrincipal | undefined;
  /** The call's arguments (not yet validated in `wraps: 'call'` middleware). */
  readonly arguments: Readonly<Record<string, unknown>>;
  readonly requestId: string | number;
  readonly sessionId: string | undefined;
  readonly signal: AbortSignal;
  /** Runs the rest of the call once and resolves with its outcome; a second call rejects. */
  next(): Promise<CallOutcome>;
  /** Ends the call here with `refusal` (return what it returns). */
  refuse(refusal: CallRefusal): CallOutcome;
}

/** Where a middleware sits in the call. */
export type MiddlewarePlacement = 'call' | 'handler';

/** One middleware, as `defineMiddleware` makes it. */
export interface Middleware {
  readonly name: string;
  readonly wraps: MiddlewarePlacement;
  readonly handle: (context: MiddlewareContext) => Promise<CallOutcome> | CallOutcome;
}

/** What `defineMiddleware` takes besides a bare function. */
export interface MiddlewareSpec {
  /** Shown as `by` when it refuses, and in logs. Default `middleware`. */
  readonly name?: string | undefined;
  /** Default `handler`: after authorization. `call`: around the whole call. */
  readonly wraps?: MiddlewarePlacement | undefined;
  readonly handle: (context: MiddlewareContext) => Promise<CallOutcome> | CallOutcome;
}
