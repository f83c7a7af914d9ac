/**
 * One OpenAPI 3.0 / 3.1 document (YAML or JSON) to one toolscope manifest:
 * a declarative HTTP tool per operation (the `http` mapping of
 * guides/openapi-import.md), with each operation's scopes.
 */
import { type Diagnostic, loadManifestSources, parseSource } from '@toolscope/manifest';
import { stringify } from 'yaml';
import { Reporter } from './diagnostics.js';
import { propertyName, semver, toolName, toolsetId, UniqueNames } from './names.js';
import { child, isObject, type Json, resolve } from './refs.js';
import { SchemaConverter } from './schema.js';
import { type Authorization, SecurityMapper } from './security.js';

/** Options of `importOpenApi`. */
export interface ImportOptions {
  /** The name diagnostics use for the document, e.g. its path. */
  readonly file?: string;
  /** The toolset id; default: from `info.title`. */
  readonly toolset?: string;
  /**
   * Put before every tool name, e.g. `shop_`: MCP clients see one flat list of
   * tools, so toolsets served together need names that do not collide.
   */
  readonly toolPrefix?: string;
  /** What the `# yaml-language-server: $schema=` line points at. */
  readonly schemaPath?: string;
  /**
   * Load the result with the manifest package and report anything it rejects
   * as OPENAPI_MANIFEST_CHECK (default true).
   */
  readonly selfCheck?: boolean;
}

/** Counts of one import. */
export interface ImportStats {
  /** Operations in the document (GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH, TRACE). */
  readonly operations: number;
  readonly tools: number;
  /** Required scopes written, summed over tools. */
  readonly scopes: number;
}

/** One tool and the operation it came from. */
export interface ImportedTool {
  readonly name: string;
  /** JSON pointer of the operation in the OpenAPI document. */
  readonly operation: string;
  readonly authorization: Authorization;
}

/** What an import gives; nothing in it is thrown. */
export interface ImportResult {
  /** The manifest as YAML text; undefined when an error stopped the import. */
  readonly yaml: string | undefined;
  /** The manifest as data. */
  readonly manifest: Json | undefined;
  /** Positioned in the OpenAPI document. */
  readonly diagnostics: readonly Diagnostic[];
  readonly tools: readonly ImportedTool[];
  readonly stats: ImportStats;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;
const MAPPED = new Set(['get', 'put', 'post', 'delete', 'patch']);
/** Headers OpenAPI says a parameter may not define, and those the mapping never sets. */
const RESERVED_HEADERS = new Set(['accept', 'content-type', 'authorization', 'cookie']);
const JSON_MEDIA = /^application\/(?:[\w.-]+\+)?json(?:\s*;.*)?$/i;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Query parameters that carry a credential by their very name. */
const CREDENTIAL_QUERY =
  /^(?:access_?token|oauth_?token|id_?token|api_?key|apikey|client_?secret)$/i;
/** Where imports without a usable server point; `.invalid` never resolves (RFC 2606). */
const PLACEHOLDER = 'https://api.example.invalid';
const EMPTY_STATS: ImportStats = { operations: 0, tools: 0, scopes: 0 };

function failed(diagnostics: readonly Diagnostic[]): ImportResult {
  return { yaml: undefined, manifest: undefined, diagnostics, tools: [], stats: EMPTY_STATS };
}

/** Imports one OpenAPI document; synchronous, never throws for bad input. */
export function importOpenApi(text: string, options: ImportOptions = {}): ImportResult {
  const file = options.file ?? 'openapi.yaml';
  const source = parseSource(file, text);
  if (source.diagnostics.length > 0) {
    return failed(
      source.diagnostics.map((d) => ({
        ...d,
        code: 'OPENAPI_SYNTAX',
      })),
    );
  }
  const reporter = new Reporter(source);
  const doc = source.value;
  const version = isObject(doc) && typeof doc.openapi === 'string' ? doc.openapi : undefined;
  if (!isObject(doc) || version === undefined || !/^3\.[01]\./.test(version)) {
    const swagger = isObject(doc) && doc.swagger !== undefined;
    reporter.error(
      'OPENAPI_NOT_OPENAPI',
      swagger
        ? 'This is a Swagger 2.0 document; the importer reads OpenAPI 3.0 and 3.1.'
        : version !== undefined
          ? `OpenAPI ${version} is not supported; the importer reads 3.0.x and 3.1.x.`
          : 'This is not an OpenAPI document: it has no `openapi: 3.x.y` field.',
      isObject(doc) && doc.openapi !== undefined ? '/openapi' : '',
      swagger ? 'Convert it to OpenAPI 3 first (e.g. with swagger2openapi).' : undefined,
    );
    return failed(reporter.diagnostics);
  }
  return new Importer(doc, reporter, options).run();
}

class Importer {
  private readonly schemas: SchemaConverter;
  private readonly security: SecurityMapper;
  private readonly resource: string;
  private readonly toolNames = new UniqueNames(128);
  private readonly tools: ImportedTool[] = [];
  /** The names of query parameters that apiKey schemes put their key in. */
  private readonly queryKeys = new Set<string>();
  private operations = 0;
  private scopes = 0;

  constructor(
    private readonly doc: Json,
    private readonly reporter: Reporter,
    private readonly options: ImportOptions,
  ) {
    this.resource = this.serverUrl(doc.servers, '/servers', true) ?? PLACEHOLDER;
    this.schemas = new SchemaConverter(doc, reporter);
    this.security = new SecurityMapper(doc, reporter, this.resource);
    const schemes =
      isObject(doc.components) && isObject(doc.components.securitySchemes)
        ? doc.components.securitySchemes
        : {};
    for (const scheme of Object.values(schemes)) {
      if (
        isObject(scheme) &&
        scheme.type === 'apiKey' &&
        scheme.in === 'query' &&
        typeof scheme.name === 'string'
      )
        this.queryKeys.add(scheme.name);
    }
  }

  /** The first server's URL, variables substituted and without a trailing slash. */
  private serverUrl(servers: unknown, pointer: string, document: boolean): string | undefined {
    if (!Array.isArray(servers) || servers.length === 0) {
      if (document) {
        this.reporter.warn(
          'OPENAPI_SERVER_UNUSABLE',
          `The document lists no servers, so the provider resource is the placeholder ${PLACEHOLDER}.`,
          '',
          'Add `servers: [{ url: https://… }]` to the OpenAPI document, or set the resource in the manifest.',
        );
      }
      return undefined;
    }
    if (document && servers.length > 1) {
      this.reporter.warn(
        'OPENAPI_SERVER_MULTIPLE',
        `${servers.length} servers are listed; the first one is the provider resource.`,
        pointer,
        'Change the resource in the manifest (or in the generated server options) for another environment.',
      );
    }
    const first = servers[0];
    const at = child(pointer, 0);
    if (!isObject(first) || typeof first.url !== 'string') return undefined;
    const variables = isObject(first.variables) ? first.variables : {};
    const url = first.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
      const variable = variables[name];
      if (isObject(variable) && typeof variable.default === 'string') return variable.default;
      if (
        isObject(variable) &&
        Array.isArray(variable.enum) &&
        typeof variable.enum[0] === 'string'
      )
        return variable.enum[0];
      this.reporter.warn(
        'OPENAPI_SERVER_UNUSABLE',
        `The server variable "${name}" has no default.`,
        child(at, 'url'),
        'Give every server variable a default.',
      );
      return whole;
    });
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || !/^https?:$/.test(parsed.protocol) || /[{}]/.test(url)) {
      const relative = url.startsWith('/') ? url.replace(/\/+$/, '') : '';
      if (document) {
        this.reporter.warn(
          'OPENAPI_SERVER_UNUSABLE',
          `The server URL "${first.url}" is not an absolute http(s) URL, so the provider resource is the placeholder ${PLACEHOLDER}${relative}.`,
          child(at, 'url'),
          'Write the absolute URL of the API in `servers`, or set the resource in the manifest.',
        );
        return `${PLACEHOLDER}${relative}`;
      }
      return undefined;
    }
    if (parsed.username !== '' || parsed.password !== '') {
      parsed.username = '';
      parsed.password = '';
      this.reporter.warn(
        'OPENAPI_SECRET_EXAMPLE',
        'The server URL carries credentials (user:password@): they are left out of the manifest.',
        child(at, 'url'),
        'Credentials belong to each user, in the token vault, never in a manifest.',
      );
    }
    return parsed.href.replace(/\/+$/, '');
  }

  run(): ImportResult {
    const tools: Json = {};
    const paths = isObject(this.doc.paths) ? this.doc.paths : {};
    for (const [path, rawItem] of Object.entries(paths)) {
      const itemAt = child('/paths', path);
      const resolved = resolve(this.doc, rawItem, itemAt, this.reporter, 'path item');
      if (resolved === undefined || !isObject(resolved.value)) continue;
      const item = resolved.value;
      for (const method of METHODS) {
        const operation = item[method];
        if (!isObject(operation)) continue;
        this.operations++;
        const at = child(resolved.pointer, method);
        if (!MAPPED.has(method)) {
          this.reporter.warn(
            'OPENAPI_OPERATION_SKIPPED',
            `${method.toUpperCase()} ${path} is not imported: the HTTP mapping has GET, POST, PUT, PATCH and DELETE.`,
            at,
          );
          continue;
        }
        const tool = this.tool(path, method, item, resolved.pointer, operation, at);
        tools[tool.name] = tool.body;
      }
    }
    const info = isObject(this.doc.info) ? this.doc.info : {};
    const title =
      typeof info.title === 'string' && info.title.trim() !== ''
        ? info.title.trim()
        : 'Imported API';
    const toolset = this.options.toolset ?? toolsetId(title);
    if (this.options.toolset === undefined && toolset !== title) {
      this.reporter.warn(
        'OPENAPI_NAME_CHANGED',
        `The toolset id is "${toolset}" (lowercase letters, digits and dashes), from the title "${title}".`,
        '/info/title',
        'Pass --toolset to choose another.',
      );
    }
    const version = semver(info.version);
    if (version !== info.version) {
      this.reporter.warn(
        'OPENAPI_NAME_CHANGED',
        `The version ${JSON.stringify(info.version ?? null)} is written as ${version} (manifests take semver).`,
        '/info/version',
      );
    }
    const manifest: Json = { toolset, version, title };
    if (typeof info.description === 'string' && info.description.trim() !== '')
      manifest.description = info.description;
    const providers = this.security.providers();
    if (Object.keys(providers).length > 0) manifest.providers = providers;
    // Only the definitions a tool reaches: one that ended up inlined everywhere is left out.
    const defs = reachableDefs(this.schemas.defs(), tools);
    if (Object.keys(defs).length > 0) manifest.$defs = defs;
    manifest.tools = tools;
    const schemaPath =
      this.options.schemaPath ?? 'node_modules/@toolscope/manifest/manifest.schema.json';
    const yaml = `# yaml-language-server: $schema=${schemaPath}\n# Imported from ${this.reporter.source.file} by \`toolscope import openapi\`.\n${stringify(manifest, { aliasDuplicateObjects: false, lineWidth: 0 })}`;
    if (this.options.selfCheck !== false) this.selfCheck(yaml);
    return {
      yaml,
      manifest,
      diagnostics: [...this.reporter.diagnostics].sort(
        (a, b) => a.line - b.line || a.column - b.column,
      ),
      tools: this.tools,
      stats: { operations: this.operations, tools: this.tools.length, scopes: this.scopes },
    };
  }

  /** Loads the result as `toolscope check` would; whatever it rejects is an importer bug, reported. */
  private selfCheck(yaml: string): void {
    const result = loadManifestSources([{ file: 'imported.yaml', text: yaml }]);
    for (const d of result.diagnostics) {
      if (isPendingHttpField(d)) continue;
      const tool = /^\/tools\/([^/]+)/.exec(d.pointer)?.[1];
      const origin = this.tools.find(
        (t) => t.name === tool?.replaceAll('~1', '/').replaceAll('~0', '~'),
      );
      this.reporter.report(
        d.severity,
        'OPENAPI_MANIFEST_CHECK',
        `The imported manifest fails the manifest check at ${d.pointer}: ${d.code} ${d.message}`,
        origin?.operation ?? '',
        'This is an importer bug; please report it with the OpenAPI document.',
      );
    }
  }

  private tool(
    path: string,
    method: string,
    item: Json,
    itemAt: string,
    operation: Json,
    at: string,
  ): { name: string; body: Json } {
    const operationId =
      typeof operation.operationId === 'string' ? operation.operationId : undefined;
    const wish = toolName(`${this.options.toolPrefix ?? ''}${operationId ?? `${method}_${path}`}`);
    const name = this.toolNames.take(wish);
    if (operationId !== undefined && name !== `${this.options.toolPrefix ?? ''}${operationId}`) {
      this.reporter.warn(
        'OPENAPI_NAME_CHANGED',
        `The operationId "${operationId}" becomes the tool name "${name}" (1-128 of A-Za-z0-9_.-, unique).`,
        child(at, 'operationId'),
      );
    }
    if (operation.servers !== undefined || item.servers !== undefined) {
      const own = operation.servers !== undefined ? child(at, 'servers') : child(itemAt, 'servers');
      const url = this.serverUrl(operation.servers ?? item.servers, own, false);
      if (url !== this.resource) {
        this.reporter.warn(
          'OPENAPI_SERVER_OPERATION',
          `This operation has its own server (${url ?? 'not absolute'}), but tools call the provider resource ${this.resource}.`,
          own,
          'Import the operation into a manifest of its own whose resource is that server.',
        );
      }
    }
    const { authorization, scheme } = this.security.authorize(operation, at);
    const propertyNames = new UniqueNames(Number.POSITIVE_INFINITY);
    const properties: Json = {};
    const required: string[] = [];
    const query: Json = {};
    const headers: Json = {};
    const placeholders = new Map<string, string>();

    // Parameters: the path item's, overridden by the operation's (same name and location).
    const parameters = new Map<string, { raw: Json; pointer: string }>();
    for (const [list, listAt] of [
      [item.parameters, child(itemAt, 'parameters')],
      [operation.parameters, child(at, 'parameters')],
    ] as const) {
      if (!Array.isArray(list)) continue;
      list.forEach((raw, index) => {
        const found = resolve(this.doc, raw, child(listAt, index), this.reporter, 'parameter');
        if (found === undefined || !isObject(found.value)) return;
        const p = found.value;
        if (typeof p.name !== 'string' || typeof p.in !== 'string') return;
        parameters.set(`${p.in}:${p.name}`, { raw: p, pointer: found.pointer });
      });
    }
    for (const { raw: p, pointer } of parameters.values()) {
      const paramName = p.name as string;
      const where = p.in as string;
      if (where === 'cookie') {
        this.reporter.warn(
          'OPENAPI_PARAMETER_SKIPPED',
          `The cookie parameter "${paramName}" is not imported: the mapping never sends cookies.`,
          pointer,
        );
        continue;
      }
      if (where === 'header') {
        const lower = paramName.toLowerCase();
        if (RESERVED_HEADERS.has(lower) || lower === scheme?.header) {
          this.reporter.warn(
            'OPENAPI_PARAMETER_SKIPPED',
            lower === scheme?.header || lower === 'authorization'
              ? `The header parameter "${paramName}" carries the credential, which the server adds for the provider's origin only: it is not an input.`
              : `The header parameter "${paramName}" is not imported: OpenAPI ignores parameters named Accept, Content-Type and Authorization.`,
            pointer,
          );
          continue;
        }
      }
      if (
        where === 'query' &&
        (CREDENTIAL_QUERY.test(paramName) || this.queryKeys.has(paramName))
      ) {
        this.reporter.warn(
          'OPENAPI_PARAMETER_SKIPPED',
          `The query parameter "${paramName}" carries a credential: credentials never become tool inputs (a model would see them), so it is not imported.`,
          pointer,
          "The server forwards the caller's token or key to the provider, in a header.",
        );
        continue;
      }
      if (where !== 'path' && where !== 'query' && where !== 'header') continue;
      const prop = propertyNames.take(
        IDENTIFIER.test(paramName) ? paramName : propertyName(paramName),
      );
      let schemaRaw: unknown = p.schema;
      let schemaAt = child(pointer, 'schema');
      if (schemaRaw === undefined && isObject(p.content)) {
        const media = Object.keys(p.content)[0];
        if (media !== undefined) {
          schemaRaw = (p.content[media] as Json | undefined)?.schema;
          schemaAt = child(child(child(pointer, 'content'), media), 'schema');
          this.reporter.warn(
            'OPENAPI_PARAMETER_STYLE',
            `The parameter "${paramName}" is sent as ${media} text in the OpenAPI document; the mapping sends its value as is.`,
            child(pointer, 'content'),
          );
        }
      }
      const schema =
        schemaRaw === undefined ? { type: 'string' } : this.schemas.convert(schemaRaw, schemaAt);
      if (typeof p.description === 'string' && schema.description === undefined)
        schema.description = p.description;
      if (p.deprecated === true) schema.deprecated = true;
      properties[prop] = schema;
      if (where === 'path' || p.required === true) required.push(prop);
      const style = p.style;
      const objectValued = schema.type === 'object';
      if (
        (where === 'query' && (p.explode === false || (style !== undefined && style !== 'form'))) ||
        (where === 'path' && style !== undefined && style !== 'simple') ||
        objectValued
      ) {
        this.reporter.warn(
          'OPENAPI_PARAMETER_STYLE',
          `The parameter "${paramName}" is serialized as ${String(style ?? (objectValued ? 'an object' : 'form'))}${p.explode === false ? ' without explode' : ''}; the mapping sends scalars as text and repeats the parameter for arrays.`,
          pointer,
          'Check the requests the service expects for this parameter.',
        );
      }
      if (where === 'path') placeholders.set(paramName, prop);
      else if (where === 'query') query[paramName] = prop;
      else headers[paramName] = prop;
    }
    // The path template, with each placeholder named after its input property.
    const template = path.replace(/\{([^}]*)\}/g, (_whole, param: string) => {
      let prop = placeholders.get(param);
      if (prop === undefined) {
        prop = propertyNames.take(IDENTIFIER.test(param) ? param : propertyName(param));
        placeholders.set(param, prop);
        properties[prop] = { type: 'string' };
        required.push(prop);
        this.reporter.warn(
          'OPENAPI_PARAMETER_SKIPPED',
          `The path placeholder {${param}} has no path parameter; it is imported as a required string.`,
          child('/paths', path),
          'Declare it under parameters with `in: path`.',
        );
      }
      return `{${prop}}`;
    });

    const http: Json = { method: method.toUpperCase(), path: template };
    if (Object.keys(query).length > 0) http.query = query;
    if (Object.keys(headers).length > 0) http.headers = headers;
    const body = this.body(method, operation, at, properties, required, propertyNames);
    if (body !== undefined) http.body = body;
    if (authorization === 'none') http.baseUrl = this.resource;

    const input: Json = { type: 'object', properties, additionalProperties: false };
    if (required.length > 0) input.required = [...new Set(required)];
    const tool: Json = {};
    const summary =
      typeof operation.summary === 'string' ? operation.summary.trim().split('\n')[0] : undefined;
    if (summary) tool.title = summary;
    const description =
      typeof operation.description === 'string' && operation.description.trim() !== ''
        ? operation.description
        : summary;
    if (description !== undefined || operation.deprecated === true)
      tool.description =
        `${operation.deprecated === true ? 'Deprecated. ' : ''}${description ?? ''}`.trim();
    const annotations: Json = {};
    if (method === 'get') annotations.readOnlyHint = true;
    if (method === 'delete') annotations.destructiveHint = true;
    if (method === 'put' || method === 'delete') annotations.idempotentHint = true;
    if (Object.keys(annotations).length > 0) tool.annotations = annotations;
    tool.authorization = authorization;
    tool.input = input;
    const output = this.output(operation, at);
    if (output !== undefined) tool.output = output;
    tool.http = http;
    if (typeof authorization === 'object' && authorization.method === 'oauth2')
      this.scopes += authorization.requiredScopes?.length ?? 0;
    this.tools.push({ name, operation: at, authorization });
    return { name, body: tool };
  }

  /** The request body: spread into the input (`rest`) when it is a plain object, else one property. */
  private body(
    method: string,
    operation: Json,
    at: string,
    properties: Json,
    required: string[],
    names: UniqueNames,
  ): Json | string | undefined {
    if (operation.requestBody === undefined) return undefined;
    const bodyAt = child(at, 'requestBody');
    const found = resolve(this.doc, operation.requestBody, bodyAt, this.reporter, 'request body');
    if (found === undefined || !isObject(found.value)) return undefined;
    const requestBody = found.value;
    if (method === 'get' || method === 'delete') {
      this.reporter.warn(
        'OPENAPI_BODY_UNSUPPORTED',
        `A ${method.toUpperCase()} request carries no body in the HTTP mapping: this request body is not imported.`,
        bodyAt,
      );
      return undefined;
    }
    const content = isObject(requestBody.content) ? requestBody.content : {};
    const media = Object.keys(content).find((m) => JSON_MEDIA.test(m));
    if (media === undefined) {
      this.reporter.warn(
        'OPENAPI_BODY_UNSUPPORTED',
        `The request body is ${Object.keys(content).join(', ') || 'without content'}; the mapping sends JSON only, so it is not imported.`,
        child(found.pointer, 'content'),
        'Write a handler for this tool if the service needs that body.',
      );
      return undefined;
    }
    const mediaAt = child(child(found.pointer, 'content'), media);
    const rawSchema = (content[media] as Json | undefined)?.schema;
    const isRequired = requestBody.required === true;
    if (rawSchema === undefined) return undefined;
    const schemaAt = child(mediaAt, 'schema');
    const root = resolve(this.doc, rawSchema, schemaAt, this.reporter, 'schema');
    const converted =
      root === undefined ? undefined : this.schemas.convert(root.value, root.pointer);
    const spread =
      converted !== undefined &&
      converted.type === 'object' &&
      isObject(converted.properties) &&
      Object.keys(converted.properties).length > 0 &&
      typeof converted.additionalProperties === 'boolean' &&
      Object.keys(converted.properties).every((p) => !names.has(p) && p !== 'body');
    if (spread) {
      for (const [name, schema] of Object.entries(converted.properties as Json)) {
        names.reserve(name);
        properties[name] = schema;
      }
      if (isRequired && Array.isArray(converted.required))
        required.push(...(converted.required as string[]));
      return 'rest';
    }
    const prop = names.take('body');
    properties[prop] = this.schemas.convert(rawSchema, schemaAt);
    if (isRequired) required.push(prop);
    return { property: prop };
  }

  /** The output schema from the first 2xx JSON response, when it is an object. */
  private output(operation: Json, at: string): Json | undefined {
    const responses = isObject(operation.responses) ? operation.responses : {};
    const status = Object.keys(responses)
      .filter((s) => /^2(?:\d\d|XX)$/i.test(s))
      .sort()[0];
    if (status === undefined) return undefined;
    const responseAt = child(child(at, 'responses'), status);
    const found = resolve(this.doc, responses[status], responseAt, this.reporter, 'response');
    if (found === undefined || !isObject(found.value) || !isObject(found.value.content))
      return undefined;
    const content = found.value.content;
    const media = Object.keys(content).find((m) => JSON_MEDIA.test(m));
    if (media === undefined) {
      if (Object.keys(content).length > 0) {
        this.reporter.warn(
          'OPENAPI_RESPONSE_UNSUPPORTED',
          `The ${status} response is ${Object.keys(content).join(', ')}, not JSON: the tool has no output schema.`,
          child(found.pointer, 'content'),
          'The mapping reads JSON responses; write a handler for this tool if it returns another type.',
        );
      }
      return undefined;
    }
    const rawSchema = (content[media] as Json | undefined)?.schema;
    if (rawSchema === undefined) return undefined;
    const schemaAt = child(child(child(found.pointer, 'content'), media), 'schema');
    const root = resolve(this.doc, rawSchema, schemaAt, this.reporter, 'schema');
    if (root === undefined) return undefined;
    const converted = this.schemas.convert(root.value, root.pointer);
    let type = converted.type;
    if (
      Array.isArray(type) &&
      type.includes('object') &&
      type.length === 2 &&
      type.includes('null')
    )
      type = 'object';
    if (type !== 'object') {
      this.reporter.warn(
        'OPENAPI_RESPONSE_UNSUPPORTED',
        `The ${status} response body is ${describe(converted)}, not an object: MCP structured results are objects, so the tool has no output schema.`,
        schemaAt,
        'The result still carries the body as JSON text.',
      );
      return undefined;
    }
    return { ...converted, type: 'object' };
  }
}

function describe(schema: Json): string {
  if (typeof schema.type === 'string') return `of type ${schema.type}`;
  if (Array.isArray(schema.type)) return `of type ${schema.type.join(' | ')}`;
  if (schema.anyOf !== undefined || schema.oneOf !== undefined) return 'a union';
  return 'any JSON value';
}

/**
 * Whether a manifest diagnostic is the loader not knowing the `http` field
 * yet. The field is specified for the manifest format, and a loader that does
 * not know it reports `Unknown key "http"` on each tool; nothing else is.
 */
export function isPendingHttpField(d: Diagnostic): boolean {
  return d.code === 'MANIFEST_UNKNOWN_KEY' && /^\/tools\/[^/]+\/http$/.test(d.pointer);
}

/** The `$defs` entries the tools refer to, directly or through other entries, in their original order. */
function reachableDefs(defs: Json, tools: unknown): Json {
  const reached = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith('#/$defs/')) {
        const name = child.slice('#/$defs/'.length).replaceAll('~1', '/').replaceAll('~0', '~');
        if (!reached.has(name) && Object.hasOwn(defs, name)) {
          reached.add(name);
          visit(defs[name]);
        }
      } else {
        visit(child);
      }
    }
  };
  visit(tools);
  return Object.fromEntries(Object.entries(defs).filter(([name]) => reached.has(name)));
}
