/**
 * Declarative HTTP tools: a tool whose definition carries an `http` mapping
 * needs no handler. Its input becomes one request to the provider's resource,
 * sent through the call's `ctx.fetch` (createUpstreamFetch: the token goes to
 * the resource's origin only, redirects are not followed, 401/403 become
 * -32003), and the response becomes its result.
 */
import { type HttpMapping, type ToolDefinition, ToolscopeError } from '@toolscope/core';
import type { RegistrableTool, ToolscopeRuntime, UpstreamFetch } from './types.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1_048_576;
const DEFAULT_TOOL_ERRORS = ['4XX', '5XX'] as const;
/** How much of an upstream error body a tool error quotes. */
const ERROR_BODY_CHARS = 500;

/** What the handler reads of the call context (a `none` tool's context has no fetch). */
interface HttpToolContext {
  readonly signal: AbortSignal;
  readonly fetch?: UpstreamFetch;
}

type Input = Readonly<Record<string, unknown>>;

/** A handler built from a mapping, as the engine calls it. */
export type HttpToolHandler = (input: Input, context: HttpToolContext) => Promise<unknown>;

/** One piece of the path template: literal text, or the input property of a placeholder. */
type PathPart = { readonly text: string } | { readonly property: string };

/** The mapping, parsed once. */
interface CompiledMapping {
  readonly tool: string;
  readonly method: string;
  readonly path: readonly PathPart[];
  readonly query: ReadonlyArray<readonly [string, string]>;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: 'rest' | { readonly property: string } | undefined;
  /** Properties path, query and headers use: `rest` leaves them out. */
  readonly used: ReadonlySet<string>;
  readonly pointer: readonly string[];
  readonly pointerText: string;
  readonly toolErrors: readonly string[];
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  /** `none` tools only: the base the request goes to, with a trailing slash. */
  readonly baseUrl: URL | undefined;
  readonly structured: boolean;
}

/** A failure the tool reports as an `isError` result (the engine turns a thrown Error into one). */
class HttpToolError extends Error {
  override readonly name = 'HttpToolError';
}

function configError(tool: string, message: string, hint: string): ToolscopeError {
  return new ToolscopeError('CONFIG_INVALID', `Tool ${tool}: ${message}`, { hint });
}

function parsePath(tool: string, template: string): PathPart[] {
  if (!template.startsWith('/')) {
    throw configError(
      tool,
      `the http path "${template}" does not start with "/".`,
      'Write e.g. /orders/{orderId}.',
    );
  }
  const parts: PathPart[] = [];
  const pattern = /\{([^{}]+)\}/g;
  let last = 0;
  for (const match of template.matchAll(pattern)) {
    if (match.index > last) parts.push({ text: template.slice(last, match.index) });
    parts.push({ property: match[1] as string });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  if (parts.some((p) => 'text' in p && /[{}?#]/.test(p.text))) {
    throw configError(
      tool,
      `the http path "${template}" has an unbalanced placeholder, "?" or "#".`,
      'Placeholders are {name}; map query parameters under `query`.',
    );
  }
  return parts;
}

function parsePointer(tool: string, pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw configError(
      tool,
      `the response pointer "${pointer}" is not an RFC 6901 pointer.`,
      'Write "" for the whole body or e.g. /order.',
    );
  }
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function compile(definition: ToolDefinition, http: HttpMapping): CompiledMapping {
  const tool = definition.name;
  const path = parsePath(tool, http.path);
  const query = Object.entries(http.query ?? {});
  const headers = Object.entries(http.headers ?? {});
  const used = new Set<string>([
    ...path.flatMap((p) => ('property' in p ? [p.property] : [])),
    ...query.map(([, property]) => property),
    ...headers.map(([, property]) => property),
  ]);
  if (http.body !== undefined && (http.method === 'GET' || http.method === 'DELETE')) {
    throw configError(
      tool,
      `a ${http.method} request cannot have a body.`,
      'Remove `body` or use POST, PUT or PATCH.',
    );
  }
  let baseUrl: URL | undefined;
  if (definition.requirement.method === 'none') {
    if (http.baseUrl === undefined) {
      throw configError(
        tool,
        'a tool with authorization none needs http.baseUrl.',
        'Add the API base URL as http.baseUrl.',
      );
    }
    baseUrl = new URL(http.baseUrl.endsWith('/') ? http.baseUrl : `${http.baseUrl}/`);
  } else if (http.baseUrl !== undefined) {
    throw configError(
      tool,
      'http.baseUrl is only for tools with authorization none.',
      "The caller's token only goes to the provider's resource; change the provider resource instead.",
    );
  }
  return {
    tool,
    method: http.method,
    path,
    query,
    headers,
    body: http.body,
    used,
    pointer: parsePointer(tool, http.response?.pointer ?? ''),
    pointerText: http.response?.pointer ?? '',
    toolErrors: http.response?.toolErrors ?? DEFAULT_TOOL_ERRORS,
    timeoutMs: http.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxResponseBytes: http.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    baseUrl,
    structured: definition.outputSchema !== undefined,
  };
}

/** A scalar input value as text: strings as they are, other JSON as JSON. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A dot segment the URL parser would resolve (`.`, `..`, and their %2e spellings). */
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * The request path, relative to the base (no leading slash). Each value is
 * encoded as (part of) one segment: `/`, `?`, `#`, `:` and `%` are escaped, so
 * a value can neither leave the path nor change the origin; a value that would
 * make a whole segment `.`, `..` or empty is refused.
 */
function requestPath(m: CompiledMapping, input: Input): string {
  let out = '';
  for (const part of m.path) {
    if ('text' in part) {
      out += part.text;
      continue;
    }
    const value = input[part.property];
    if (value === undefined || value === null || text(value) === '') {
      throw new HttpToolError(`The path parameter "${part.property}" of ${m.tool} is empty.`);
    }
    out += encodeURIComponent(text(value));
  }
  if (out.split('/').some((segment) => DOT_SEGMENT.test(segment))) {
    throw new HttpToolError(`A path parameter of ${m.tool} would make a "." or ".." path segment.`);
  }
  return out.slice(1);
}

function requestQuery(m: CompiledMapping, input: Input): string {
  if (m.query.length === 0) return '';
  const params = new URLSearchParams();
  for (const [name, property] of m.query) {
    const value = input[property];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) params.append(name, text(item));
    else params.append(name, text(value));
  }
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

function requestInit(m: CompiledMapping, input: Input, signal: AbortSignal): RequestInit {
  const headers = new Headers({ accept: 'application/json' });
  for (const [name, property] of m.headers) {
    const value = input[property];
    if (value === undefined || value === null) continue;
    try {
      headers.set(name, Array.isArray(value) ? value.map(text).join(', ') : text(value));
    } catch {
      // The value is the caller's input: name the header, never quote the value.
      throw new HttpToolError(
        `The value of the header "${name}" of ${m.tool} is not a valid header value.`,
      );
    }
  }
  let body: string | undefined;
  if (m.body === 'rest') {
    const rest: Record<string, unknown> = {};
    for (const key of Object.keys(input)) if (!m.used.has(key)) rest[key] = input[key];
    body = JSON.stringify(rest);
  } else if (m.body !== undefined) {
    const value = input[m.body.property];
    if (value !== undefined) body = JSON.stringify(value);
  }
  if (body !== undefined) headers.set('content-type', 'application/json');
  return {
    method: m.method,
    headers,
    signal,
    redirect: 'manual',
    ...(body === undefined ? {} : { body }),
  };
}

function statusMatches(status: number, patterns: readonly string[]): boolean {
  const code = String(status);
  return patterns.some((p) => p === code || (p.endsWith('XX') && p[0] === code[0]));
}

/** The body, at most `max` bytes (else a tool error), as text. */
async function readCapped(response: Response, max: number, tool: string): Promise<string> {
  const tooLarge = () =>
    new HttpToolError(`The upstream response of ${tool} is larger than ${max} bytes.`);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > max) {
    await response.body?.cancel();
    throw tooLarge();
  }
  // With a Content-Length in bounds and no content coding, fetch itself refuses a body
  // that runs past it; a compressed body is counted as it is decoded (it may inflate).
  const coding = response.headers.get('content-encoding');
  if (Number.isFinite(declared) && (coding === null || coding === 'identity')) {
    return response.text();
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

function select(m: CompiledMapping, body: unknown): unknown {
  let current = body;
  for (const token of m.pointer) {
    if (Array.isArray(current) && /^(0|[1-9]\d*)$/.test(token) && Number(token) < current.length) {
      current = current[Number(token)];
    } else if (
      current !== null &&
      typeof current === 'object' &&
      !Array.isArray(current) &&
      Object.hasOwn(current, token)
    ) {
      current = (current as Record<string, unknown>)[token];
    } else {
      throw new HttpToolError(
        `The upstream response of ${m.tool} has nothing at "${m.pointerText}".`,
      );
    }
  }
  return current;
}

/**
 * The call's signal and the mapping's timeout in one controller: a timer and a
 * listener, both released when the call ends (cheaper per call than
 * AbortSignal.any over AbortSignal.timeout, and it covers the body read too).
 */
class Deadline {
  readonly controller = new AbortController();
  timedOut = false;
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #outer: AbortSignal;
  readonly #onAbort = () => this.controller.abort(this.#outer.reason);

  constructor(outer: AbortSignal, ms: number) {
    this.#outer = outer;
    if (outer.aborted) this.controller.abort(outer.reason);
    else outer.addEventListener('abort', this.#onAbort, { once: true });
    this.#timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(new DOMException('The upstream took too long.', 'TimeoutError'));
    }, ms);
  }

  release(): void {
    clearTimeout(this.#timer);
    this.#outer.removeEventListener('abort', this.#onAbort);
  }
}

function send(
  m: CompiledMapping,
  input: Input,
  context: HttpToolContext,
  signal: AbortSignal,
): Promise<Response> {
  const target = `${requestPath(m, input)}${requestQuery(m, input)}`;
  const init = requestInit(m, input, signal);
  if (context.fetch !== undefined) return context.fetch(target, init);
  // A `none` tool: no token to carry; the same rules for where the request may go.
  const base = m.baseUrl as URL;
  const url = new URL(target, base);
  if (url.origin !== base.origin) {
    throw new HttpToolError(`The request of ${m.tool} would leave ${base.origin}.`);
  }
  return fetch(url, init);
}

function handlerOf(m: CompiledMapping): HttpToolHandler {
  const respond = answer(m);
  return async (input, context) => {
    const deadline = new Deadline(context.signal, m.timeoutMs);
    try {
      return await respond(await send(m, input, context, deadline.controller.signal));
    } catch (error) {
      if (deadline.timedOut && !context.signal.aborted) {
        throw new HttpToolError(
          `The upstream of ${m.tool} did not answer within ${m.timeoutMs} ms.`,
        );
      }
      throw error;
    } finally {
      deadline.release();
    }
  };
}

/** The tool result from the upstream response. */
function answer(m: CompiledMapping): (response: Response) => Promise<unknown> {
  return async (response) => {
    const { status } = response;
    if (status < 200 || status > 299) {
      const statusText = response.statusText === '' ? '' : ` ${response.statusText}`;
      if (!statusMatches(status, m.toolErrors)) {
        await response.body?.cancel();
        throw new HttpToolError(`The upstream answered HTTP ${status}${statusText}.`);
      }
      let detail = '';
      try {
        const text = (await readCapped(response, m.maxResponseBytes, m.tool)).trim();
        if (text !== '') detail = `: ${text.slice(0, ERROR_BODY_CHARS)}`;
      } catch {
        // The status is the error; an unreadable body adds nothing.
      }
      throw new HttpToolError(`The upstream answered HTTP ${status}${statusText}${detail}`);
    }
    const raw = await readCapped(response, m.maxResponseBytes, m.tool);
    let body: unknown = null;
    if (raw.trim() !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        throw new HttpToolError(`The upstream response of ${m.tool} is not JSON.`);
      }
    }
    const value = select(m, body);
    const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
    if (m.structured) {
      if (!isObject) {
        throw new HttpToolError(
          `The upstream response of ${m.tool} at "${m.pointerText}" is not a JSON object, which its output schema needs.`,
        );
      }
      return value;
    }
    return {
      content: [{ type: 'text', text: JSON.stringify(value) }],
      ...(isObject ? { structuredContent: value } : {}),
    };
  };
}

/**
 * Builds the handler of a declarative tool from its http mapping. Throws
 * CONFIG_INVALID for a mapping the manifest loader would have refused. The
 * server-owned runtime (`ToolscopeRuntime.httpHandler`) keeps one per
 * definition, so a stateless HTTP server that prepares its tools on every
 * request compiles each mapping once.
 */
export function createHttpToolHandler(definition: ToolDefinition): HttpToolHandler {
  if (definition.http === undefined) {
    throw configError(
      definition.name,
      'it has no http mapping.',
      'Give it a handler, or an `http` mapping in its manifest.',
    );
  }
  return handlerOf(compile(definition, definition.http));
}

/** The tool's handler: its own when it has one (it overrides the mapping), else the mapping's. */
export function toolHandler(
  tool: RegistrableTool,
  runtime: Pick<ToolscopeRuntime, 'httpHandler'>,
): (input: never, context: never) => unknown {
  if (tool.handler !== undefined) return tool.handler;
  if (tool.definition.http === undefined) {
    throw configError(
      tool.definition.name,
      'it has neither a handler nor an http mapping.',
      'Pass a handler for it, or declare `http` for it in the manifest.',
    );
  }
  return runtime.httpHandler(tool.definition);
}
