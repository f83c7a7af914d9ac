/**
 * The checks of a declarative tool's `http` mapping that need the tool's input
 * and authorization: placeholders, properties, headers, body and baseUrl.
 * The shape itself is the format schema's job (schema.ts).
 */
import type { Diagnostic, DiagnosticCode } from './diagnostics.js';
import { closestMatch } from './did-you-mean.js';
import type { HttpMappingIR, ObjectSchemaIR } from './ir.js';
import type { HttpMappingInput, ProviderInput } from './schema.js';
import { escapePointerToken, type ParsedSource } from './source.js';

/** Headers a mapping may never set: credentials, and what the runtime owns. */
export const FORBIDDEN_HTTP_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
] as const;

const DEFAULT_TOOL_ERRORS = ['4XX', '5XX'] as const;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1_048_576;

/** The `{name}` placeholders of a path template, or undefined when its braces are unbalanced or empty. */
export function pathPlaceholders(path: string): string[] | undefined {
  const names: string[] = [];
  const rest = path.replace(/\{([^{}]*)\}/g, (_match, name: string) => {
    names.push(name);
    return '';
  });
  if (rest.includes('{') || rest.includes('}') || names.some((n) => n === '')) return undefined;
  return names;
}

/** Checks a tool's mapping; the IR with defaults filled in, or undefined after reporting. */
export function checkHttpMapping(options: {
  readonly tool: string;
  readonly http: HttpMappingInput;
  /** `/tools/<name>/http` */
  readonly at: string;
  readonly input: ObjectSchemaIR;
  /** The tool's provider, or undefined for a `none` tool. */
  readonly provider: ProviderInput | undefined;
  readonly none: boolean;
  readonly source: ParsedSource;
  readonly diagnostics: Diagnostic[];
}): HttpMappingIR | undefined {
  const { tool, http, at, input, source, diagnostics } = options;
  let ok = true;
  const report = (
    code: DiagnosticCode,
    message: string,
    pointer: string,
    hint: string | undefined,
    part: 'key' | 'value' = 'value',
    severity: 'error' | 'warning' = 'error',
  ) => {
    if (severity === 'error') ok = false;
    diagnostics.push({
      severity,
      code,
      message,
      ...(hint ? { hint } : {}),
      file: source.file,
      ...source.locate(pointer, part),
      pointer,
    });
  };
  const properties = new Map(input.properties.map((p) => [p.name, p]));
  const names = [...properties.keys()];
  const unknownHint = (name: string) => {
    const guess = closestMatch(name, names);
    if (guess) return `Did you mean "${guess}"?`;
    return names.length === 0
      ? `The input of ${tool} has no properties; add "${name}" under input.properties.`
      : `Input properties: ${names.map((n) => `"${n}"`).join(', ')}.`;
  };
  const uses = new Map<string, string>();
  const use = (property: string, where: string, pointer: string) => {
    const first = uses.get(property);
    if (first !== undefined) {
      report(
        'HTTP_PROPERTY_REUSED',
        `The input property "${property}" of ${tool} is already used by the ${first}.`,
        pointer,
        'Each input property goes to one place of the request; add another property for the second use.',
      );
      return;
    }
    uses.set(property, where);
  };

  const pathAt = `${at}/path`;
  const placeholders = pathPlaceholders(http.path);
  if (placeholders === undefined) {
    report(
      'HTTP_PATH_INVALID',
      `The path "${http.path}" of ${tool} has an unbalanced or empty placeholder.`,
      pathAt,
      'Write each placeholder as {name}, naming a required input property, e.g. /orders/{orderId}.',
    );
  } else {
    for (const name of placeholders) {
      const property = properties.get(name);
      if (property === undefined) {
        report(
          'HTTP_PLACEHOLDER_UNKNOWN',
          `The placeholder {${name}} in the path of ${tool} names no input property.`,
          pathAt,
          unknownHint(name),
        );
        continue;
      }
      if (!property.required) {
        report(
          'HTTP_PATH_PARAM_OPTIONAL',
          `The path parameter "${name}" of ${tool} is not a required input property.`,
          pathAt,
          `Add "${name}" to input.required: a path cannot leave a segment out.`,
        );
      }
      use(name, `path placeholder {${name}}`, pathAt);
    }
  }

  for (const [param, property] of Object.entries(http.query ?? {})) {
    const pointer = `${at}/query/${escapePointerToken(param)}`;
    if (!properties.has(property)) {
      report(
        'HTTP_PROPERTY_UNKNOWN',
        `The query parameter "${param}" of ${tool} maps the input property "${property}", which does not exist.`,
        pointer,
        unknownHint(property),
      );
      continue;
    }
    use(property, `query parameter "${param}"`, pointer);
  }

  const keyHeader =
    options.provider?.type === 'apiKey' ? options.provider.headerName.toLowerCase() : undefined;
  for (const [header, property] of Object.entries(http.headers ?? {})) {
    const pointer = `${at}/headers/${escapePointerToken(header)}`;
    const lower = header.toLowerCase();
    if ((FORBIDDEN_HTTP_HEADERS as readonly string[]).includes(lower) || lower === keyHeader) {
      report(
        'HTTP_HEADER_FORBIDDEN',
        lower === keyHeader
          ? `The header "${header}" carries the provider's API key; a mapping may not set it from input.`
          : `The header "${header}" may not be set from input: ${lower.includes('cookie') || lower.includes('authorization') ? 'it carries credentials' : 'the runtime sets it'}.`,
        pointer,
        'The caller token reaches the provider through the provider declaration only; remove this header.',
        'key',
      );
      continue;
    }
    if (!properties.has(property)) {
      report(
        'HTTP_PROPERTY_UNKNOWN',
        `The header "${header}" of ${tool} maps the input property "${property}", which does not exist.`,
        pointer,
        unknownHint(property),
      );
      continue;
    }
    use(property, `header "${header}"`, pointer);
  }

  if (http.body !== undefined) {
    const bodyAt = `${at}/body`;
    if (http.method === 'GET' || http.method === 'DELETE') {
      report(
        'HTTP_BODY_NOT_ALLOWED',
        `The ${http.method} request of ${tool} cannot have a body.`,
        bodyAt,
        'Remove `body`, map the properties to query parameters, or use POST, PUT or PATCH.',
        'key',
      );
    } else if (http.body !== 'rest') {
      const property = http.body.property;
      if (!properties.has(property)) {
        report(
          'HTTP_PROPERTY_UNKNOWN',
          `The body of ${tool} is the input property "${property}", which does not exist.`,
          `${bodyAt}/property`,
          unknownHint(property),
        );
      } else use(property, 'body', `${bodyAt}/property`);
    }
  }

  if (options.none && http.baseUrl === undefined) {
    report(
      'HTTP_BASE_URL_MISSING',
      `The tool ${tool} has authorization none, so its http mapping needs a baseUrl to send the request to.`,
      at,
      'Add `baseUrl: https://api.example.com/v1`.',
      'key',
    );
  }
  if (!options.none && http.baseUrl !== undefined) {
    report(
      'HTTP_BASE_URL_WITH_PROVIDER',
      `The tool ${tool} has a provider; its request goes to the provider's resource, not to a baseUrl.`,
      `${at}/baseUrl`,
      "Remove baseUrl: the caller's token is only ever sent to the provider resource's origin. Change the provider's resource instead.",
      'key',
    );
  }

  if (ok && http.body !== 'rest') {
    for (const name of names) {
      if (uses.has(name)) continue;
      report(
        'HTTP_PROPERTY_UNMAPPED',
        `The input property "${name}" of ${tool} goes nowhere in the request.`,
        `${at}`,
        `Map it as a query parameter (query: { ${name}: ${name} }), a header, or use \`body: rest\`.`,
        'key',
        'warning',
      );
    }
  }
  if (!ok) return undefined;
  return {
    method: http.method,
    path: http.path,
    ...(http.query === undefined ? {} : { query: { ...http.query } }),
    ...(http.headers === undefined ? {} : { headers: { ...http.headers } }),
    ...(http.body === undefined
      ? {}
      : { body: http.body === 'rest' ? 'rest' : { property: http.body.property } }),
    response: {
      pointer: http.response?.pointer ?? '',
      toolErrors: [...(http.response?.toolErrors ?? DEFAULT_TOOL_ERRORS)],
    },
    timeoutMs: http.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxResponseBytes: http.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    ...(http.baseUrl === undefined ? {} : { baseUrl: http.baseUrl }),
  };
}
