// The call helpers every generated client package uses, once. A generated
// client declares its typed methods in an interface and builds the object with
// `toolClient`/`userToolClient` from a table of method name → tool name: the
// compiler checks one string per method instead of a function per method, and
// the methods' behaviour lives here, tested once. `toolCaller`/`userToolCaller`
// are the per-call forms for hand-written code. The calls go through
// `invokeTool`/`invokeToolWithSource`, so both SDK lines' `Client` work.
import {
  type CallOptions,
  invokeTool,
  invokeToolWithSource,
  type TokenSource,
  type ToolCallResult,
  type ToolCallTarget,
} from './call.js';
import { GeneratedCodeError } from './errors.js';
import type { MetaAuthorizationDeclaration } from './types.js';

/**
 * A result of a tool with an output schema: structured content unless the
 * tool reported an error.
 */
export type StructuredResult<O> = Omit<ToolCallResult, 'isError' | 'structuredContent'> &
  (
    | { readonly isError?: false; readonly structuredContent: O }
    | { readonly isError: true; readonly structuredContent?: Record<string, unknown> }
  );

/** Options of a call to an oauth2 or apiKey tool: the user’s token is required. */
export type TokenCallOptions = CallOptions & { readonly token: string };

/** Options of a call to a none tool: a token is not accepted. */
export type NoTokenCallOptions = CallOptions & { readonly token?: never };

/** A toolset's requirements by tool name, as a generated `toolRequirements` holds them. */
export type ToolRequirements<Name extends string> = Readonly<
  Record<Name, MetaAuthorizationDeclaration>
>;

/** The arguments of one call: a generated input type. */
export type ToolArguments = Readonly<Record<string, unknown>>;

/**
 * Calls the tools of one toolset with explicit tokens. `R` is the result type
 * the generated method declares: `StructuredResult<Output>` for a tool with an
 * output schema, `ToolCallResult` otherwise.
 */
export interface ToolCaller<Name extends string> {
  /** Calls a tool that needs the user's token, given as `options.token`. */
  withToken<R extends ToolCallResult = ToolCallResult>(
    name: Name,
    input: ToolArguments,
    options: TokenCallOptions,
  ): Promise<R>;
  /** Calls a `none` tool: no token is sent. */
  withoutToken<R extends ToolCallResult = ToolCallResult>(
    name: Name,
    input: ToolArguments,
    options?: NoTokenCallOptions,
  ): Promise<R>;
}

/** Calls the tools of one toolset for one user: each token comes from the token source. */
export interface UserToolCaller<Name extends string> {
  call<R extends ToolCallResult = ToolCallResult>(
    name: Name,
    input: ToolArguments,
    options?: CallOptions,
  ): Promise<R>;
}

// The one narrowing of a result to the type its generated method declares. The
// server validated `structuredContent` against the tool's output schema (and
// the SDK client checks it again when it has listed the tool); the generated
// output type is that schema as a type. An error result keeps its own shape,
// which every `R` admits (`isError: true`).
function asResult<R extends ToolCallResult>(result: Promise<ToolCallResult>): Promise<R> {
  return result as Promise<R>;
}

/** Splits the token off a call's options; what is left goes to the SDK. */
function withoutTokenOption(options: (CallOptions & { readonly token?: string }) | undefined) {
  if (options === undefined) return { token: undefined, callOptions: undefined };
  const { token, ...callOptions } = options;
  return { token, callOptions };
}

/** Binds a toolset's requirements to an MCP client (SDK 1.x or v2 `Client`, or its shape). */
export function toolCaller<Name extends string>(
  target: ToolCallTarget,
  requirements: ToolRequirements<Name>,
): ToolCaller<Name> {
  return {
    withToken(name, input, options) {
      const { token, callOptions } = withoutTokenOption(options);
      const invocation = { name, arguments: input, requirement: requirements[name] };
      return asResult(invokeTool(target, invocation, token, callOptions));
    },
    withoutToken(name, input, options) {
      // A `none` tool never gets a token, even one passed around the types.
      const { callOptions } = withoutTokenOption(options);
      const invocation = { name, arguments: input, requirement: requirements[name] };
      return asResult(invokeTool(target, invocation, undefined, callOptions));
    },
  };
}

/**
 * Binds a toolset's requirements to an MCP client and one user's token source:
 * each call asks the source for the tool's token, and retries once when the
 * source handles an authorization error.
 */
export function userToolCaller<Name extends string>(
  target: ToolCallTarget,
  requirements: ToolRequirements<Name>,
  tokens: TokenSource,
): UserToolCaller<Name> {
  return {
    call(name, input, options) {
      const invocation = { name, arguments: input, requirement: requirements[name] };
      return asResult(invokeToolWithSource(target, invocation, tokens, options));
    },
  };
}

/**
 * A generated client's method table: for each method of the client interface
 * `C`, the name of the tool it calls (one of `Name`, the toolset's tool names).
 */
export type ToolMethods<C, Name extends string = string> = { readonly [Method in keyof C]: Name };

function requirementFor(
  requirements: ToolRequirements<string>,
  tool: string,
  method: string,
): MetaAuthorizationDeclaration {
  const requirement = Object.hasOwn(requirements, tool) ? requirements[tool] : undefined;
  if (requirement === undefined) {
    throw new GeneratedCodeError(
      'GENERATED_CODE_INVALID',
      `method ${JSON.stringify(method)} calls the tool ${JSON.stringify(tool)}, which toolRequirements does not declare`,
      { hint: 'The generated client was edited; run `toolscope generate` again.' },
    );
  }
  return requirement;
}

function entriesOf(methods: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(methods);
}

// The one widening of a built client to its interface. Each method the table
// names is built below with the behaviour its generated signature promises:
// oauth2/apiKey tools send `options.token`, `none` tools never send one, and the
// result is the server-validated result the signature's type describes.
function asClient<C>(client: Record<string, unknown>): C {
  return client as C;
}

/**
 * Builds a generated client from its method table: each method calls its tool
 * with the token in `options.token` (oauth2 and apiKey tools) or without any
 * (`none` tools, even when a token is passed around the types).
 */
export function toolClient<C>(
  target: ToolCallTarget,
  requirements: ToolRequirements<string>,
  methods: ToolMethods<C>,
): C {
  const tools = toolCaller(target, requirements);
  const client: Record<string, unknown> = {};
  for (const [method, name] of entriesOf(methods)) {
    const requirement = requirementFor(requirements, name, method);
    client[method] =
      requirement.method === 'none'
        ? (input: ToolArguments, options?: NoTokenCallOptions) =>
            tools.withoutToken(name, input, options)
        : (input: ToolArguments, options: TokenCallOptions) =>
            tools.withToken(name, input, options);
  }
  return asClient<C>(client);
}

/**
 * Builds a generated client bound to one user from its method table: each
 * method asks the token source for its tool's token, and retries once when the
 * source handles an authorization error.
 */
export function userToolClient<C>(
  target: ToolCallTarget,
  requirements: ToolRequirements<string>,
  tokens: TokenSource,
  methods: ToolMethods<C>,
): C {
  const tools = userToolCaller(target, requirements, tokens);
  const client: Record<string, unknown> = {};
  for (const [method, name] of entriesOf(methods)) {
    requirementFor(requirements, name, method);
    client[method] = (input: ToolArguments, options?: CallOptions) =>
      tools.call(name, input, options);
  }
  return asClient<C>(client);
}
