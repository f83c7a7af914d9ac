/**
 * One manifest to one ToolsetIR: the format's schema first, then what only the
 * whole toolset can tell (providers, scopes, `$ref`s), reporting every problem.
 */
import { SELF_PROVIDER_ID } from '@toolscope/core';
import { buildSchemaDocument, checkDefCycles } from './defs.js';
import type { Diagnostic, DiagnosticCode } from './diagnostics.js';
import { closestMatch } from './did-you-mean.js';
import { checkHttpMapping } from './http-mapping.js';
import type {
  AuthorizationIR,
  HttpMappingIR,
  NamedSchemaIR,
  ObjectSchemaIR,
  ProviderIR,
  SourcePosition,
  ToolIR,
  ToolsetIR,
} from './ir.js';
import { issuesToDiagnostics } from './issues.js';
import { convertSchema, type SchemaContext } from './json-schema-ir.js';
import {
  manifestSchema,
  type ProviderInput,
  providerSchema,
  type ToolInput,
  toolSchema,
} from './schema.js';
import { escapePointerToken, type ParsedSource } from './source.js';

/** What analysing one manifest yields. */
export interface ToolsetAnalysis {
  /** Defined iff this manifest has no error of its own. */
  readonly toolset: ToolsetIR | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** The toolset id as written, when it is a string (for cross-file checks even when invalid). */
  readonly name: string | undefined;
  /** Tool names with their positions, as written. */
  readonly tools: ReadonlyArray<{ readonly name: string; readonly source: SourcePosition }>;
}

type Json = Readonly<Record<string, unknown>>;

function asObject(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

/** Drops keys whose value is undefined, which exactOptionalPropertyTypes keeps apart from absent. */
function compact<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

const byName = <T extends { name: string }>(a: T, b: T) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/** Analyses one parsed manifest. */
export function analyzeToolset(source: ParsedSource): ToolsetAnalysis {
  const diagnostics: Diagnostic[] = [...source.diagnostics];
  if (source.diagnostics.length > 0)
    return { toolset: undefined, diagnostics, name: undefined, tools: [] };
  const position = (pointer: string): SourcePosition => ({
    file: source.file,
    ...source.locate(pointer, 'key'),
    pointer,
  });
  const report = (
    code: DiagnosticCode,
    message: string,
    pointer: string,
    hint?: string,
    severity: 'error' | 'warning' = 'error',
  ) => {
    diagnostics.push({ severity, code, message, ...(hint ? { hint } : {}), ...position(pointer) });
  };

  const parsed = manifestSchema.safeParse(source.value);
  if (!parsed.success)
    diagnostics.push(...issuesToDiagnostics(manifestSchema, source, parsed.error.issues));

  const root = asObject(source.value) ?? {};
  const rawTools = asObject(root.tools) ?? {};
  const rawProviders = asObject(root.providers) ?? {};
  const rawDefs = new Map(Object.entries(asObject(root.$defs) ?? {}));

  // When the whole manifest parsed, its tools and providers did too: take their
  // parsed values from there instead of parsing each one a second time.
  const parsedProviders: Readonly<Record<string, ProviderInput>> | undefined = parsed.success
    ? (parsed.data.providers ?? {})
    : undefined;
  const parsedTools: Readonly<Record<string, ToolInput>> | undefined = parsed.success
    ? parsed.data.tools
    : undefined;
  // Providers that parse on their own; a broken one is already reported, so tools naming it stay quiet.
  const providers = new Map<string, ProviderInput>();
  for (const [id, raw] of Object.entries(rawProviders)) {
    const provider =
      parsedProviders !== undefined && Object.hasOwn(parsedProviders, id)
        ? { success: true as const, data: parsedProviders[id] as ProviderInput }
        : providerSchema.safeParse(raw);
    if (!provider.success) continue;
    providers.set(id, provider.data);
    if (id === SELF_PROVIDER_ID && provider.data.type !== 'oauth2') {
      report(
        'PROVIDER_SELF_NOT_OAUTH2',
        'The provider "self" is the MCP server\'s own authorization server, so its type must be oauth2.',
        `/providers/self/type`,
      );
    }
  }

  const ctx: SchemaContext = {
    source,
    defNames: new Set(rawDefs.keys()),
    diagnostics,
    referenced: new Set(),
  };
  const defs: NamedSchemaIR[] = [];
  for (const [name, raw] of rawDefs) {
    const schema = convertSchema(raw, `/$defs/${escapePointerToken(name)}`, ctx);
    if (schema) defs.push({ name, schema });
  }
  diagnostics.push(...checkDefCycles(rawDefs, source));

  const used = new Set<string>();
  const tools: ToolIR[] = [];
  const seenTools: Array<{ name: string; source: SourcePosition }> = [];
  for (const [name, raw] of Object.entries(rawTools)) {
    const at = `/tools/${escapePointerToken(name)}`;
    seenTools.push({ name, source: position(at) });
    const rawTool = asObject(raw) ?? {};
    const named = asObject(rawTool.authorization)?.provider;
    if (typeof named === 'string') used.add(named);
    const input = toolSchemaIR(
      rawTool.input ?? { type: 'object', properties: {} },
      `${at}/input`,
      name,
      'input',
      ctx,
    );
    const output =
      rawTool.output === undefined
        ? undefined
        : toolSchemaIR(rawTool.output, `${at}/output`, name, 'output', ctx);
    const tool =
      parsedTools !== undefined && Object.hasOwn(parsedTools, name)
        ? { success: true as const, data: parsedTools[name] as ToolInput }
        : toolSchema.safeParse(raw);
    if (!tool.success) continue;
    const authorization = checkAuthorization(name, tool.data, at, providers, rawProviders, report);
    if (!authorization || !input || (rawTool.output !== undefined && !output)) continue;
    const http =
      tool.data.http === undefined
        ? undefined
        : checkHttpMapping({
            tool: name,
            http: tool.data.http,
            at: `${at}/http`,
            input,
            provider:
              authorization.method === 'none' ? undefined : providers.get(authorization.provider),
            none: authorization.method === 'none',
            source,
            diagnostics,
          });
    if (tool.data.http !== undefined && http === undefined) continue;
    tools.push(
      buildTool(name, tool.data, authorization, input, output, http, rawDefs, position(at)),
    );
  }

  // "Unused" is noise while tools are broken: a tool that failed may be the one meant to use it.
  const clean = !diagnostics.some((d) => d.severity === 'error');
  for (const [id] of providers) {
    if (clean && !used.has(id)) {
      report(
        'PROVIDER_UNUSED',
        `No tool uses the provider "${id}".`,
        `/providers/${escapePointerToken(id)}`,
        'Remove it, or give a tool `provider: ' + id + '`.',
        'warning',
      );
    }
  }
  for (const name of rawDefs.keys()) {
    if (clean && !ctx.referenced.has(name)) {
      report(
        'SCHEMA_DEF_UNUSED',
        `No schema refers to the $defs entry "${name}".`,
        `/$defs/${escapePointerToken(name)}`,
        'Remove it, or refer to it with `$ref: "#/$defs/' + name + '"`.',
        'warning',
      );
    }
  }

  const name = typeof root.toolset === 'string' ? root.toolset : undefined;
  const failed = diagnostics.some((d) => d.severity === 'error');
  if (failed || !parsed.success) return { toolset: undefined, diagnostics, name, tools: seenTools };
  const data = parsed.data;
  const toolset: ToolsetIR = {
    name: data.toolset,
    version: data.version,
    title: data.title,
    ...(data.description !== undefined ? { description: data.description } : {}),
    providers: [...providers]
      .map(([id, p]) => buildProvider(id, p, position))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    tools: tools.sort(byName),
    defs: defs.sort(byName),
    source: position(''),
  };
  return { toolset, diagnostics, name, tools: seenTools };
}

function toolSchemaIR(
  raw: unknown,
  pointer: string,
  tool: string,
  which: string,
  ctx: SchemaContext,
): ObjectSchemaIR | undefined {
  const object = asObject(raw);
  if (!object) return undefined; // the format's schema already reported it
  if (
    object.type !== 'object' ||
    object.$ref !== undefined ||
    object.anyOf !== undefined ||
    object.oneOf !== undefined
  ) {
    ctx.diagnostics.push({
      severity: 'error',
      code: 'SCHEMA_NOT_OBJECT',
      message: `The ${which} of ${tool} must be an object schema (root \`type: object\`).`,
      hint: 'MCP puts tool arguments and structured results on the wire as JSON objects; wrap other values in a property.',
      file: ctx.source.file,
      ...ctx.source.locate(
        object.type === undefined ? pointer : `${pointer}/type`,
        object.type === undefined ? 'key' : 'value',
      ),
      pointer: object.type === undefined ? pointer : `${pointer}/type`,
    });
    return undefined;
  }
  const { $schema, ...rest } = object;
  if ($schema !== undefined && $schema !== 'https://json-schema.org/draft/2020-12/schema') {
    ctx.diagnostics.push({
      severity: 'error',
      code: 'SCHEMA_UNSUPPORTED',
      message: 'Tool schemas are JSON Schema 2020-12; another "$schema" is not supported.',
      hint: 'Remove "$schema", or set it to https://json-schema.org/draft/2020-12/schema.',
      file: ctx.source.file,
      ...ctx.source.locate(`${pointer}/$schema`, 'value'),
      pointer: `${pointer}/$schema`,
    });
    return undefined;
  }
  const schema = convertSchema(rest, pointer, ctx);
  return schema?.kind === 'object' ? schema : undefined;
}

type Reporter = (code: DiagnosticCode, message: string, pointer: string, hint?: string) => void;

function checkAuthorization(
  tool: string,
  data: ToolInput,
  at: string,
  providers: ReadonlyMap<string, ProviderInput>,
  rawProviders: Json,
  report: Reporter,
): AuthorizationIR | undefined {
  const auth = data.authorization;
  if (auth === 'none' || auth.method === 'none') return { method: 'none' };
  const where = `${at}/authorization`;
  if (auth.provider === undefined) {
    const candidates = [...providers].filter(([, p]) => p.type === auth.method).map(([id]) => id);
    report(
      'PROVIDER_MISSING',
      `The tool ${tool} uses ${auth.method} but names no provider.`,
      where,
      candidates.length > 0
        ? `Add \`provider: ${candidates[0]}\`.`
        : `Define an ${auth.method} provider under providers and name it here.`,
    );
    return undefined;
  }
  const providerAt = `${where}/provider`;
  const provider = providers.get(auth.provider);
  if (!provider) {
    // A provider that exists but failed to parse is already reported.
    if (Object.hasOwn(rawProviders, auth.provider)) return undefined;
    const guess = closestMatch(auth.provider, Object.keys(rawProviders));
    report(
      'PROVIDER_UNKNOWN',
      `The provider "${auth.provider}" is not defined in this toolset.`,
      providerAt,
      guess ? `Did you mean "${guess}"?` : 'Define it under `providers:`.',
    );
    return undefined;
  }
  if (provider.type !== auth.method) {
    report(
      'PROVIDER_WRONG_TYPE',
      `The tool ${tool} uses ${auth.method}, but the provider "${auth.provider}" is of type ${provider.type}.`,
      providerAt,
      `Use \`method: ${provider.type}\`, or name an ${auth.method} provider.`,
    );
    return undefined;
  }
  if (auth.method === 'apiKey' || provider.type !== 'oauth2')
    return { method: 'apiKey', provider: auth.provider };
  const scopes = auth.requiredScopes ?? [];
  const catalog = Object.keys(provider.scopes ?? {});
  let ok = true;
  scopes.forEach((scope, index) => {
    const scopeAt = `${where}/requiredScopes/${index}`;
    if (scopes.indexOf(scope) !== index) {
      ok = false;
      report(
        'SCOPE_DUPLICATE',
        `The scope "${scope}" is listed twice.`,
        scopeAt,
        'Remove the second one.',
      );
    } else if (!catalog.includes(scope)) {
      ok = false;
      const guess = closestMatch(scope, catalog);
      report(
        'SCOPE_UNKNOWN',
        `The scope "${scope}" is not in the catalog of the provider "${auth.provider}".`,
        scopeAt,
        guess
          ? `Did you mean "${guess}"?`
          : `Add it under providers.${auth.provider}.scopes with a description.`,
      );
    }
  });
  return ok
    ? { method: 'oauth2', provider: auth.provider, requiredScopes: [...scopes] }
    : undefined;
}

function buildTool(
  name: string,
  data: ToolInput,
  authorization: AuthorizationIR,
  input: ObjectSchemaIR,
  output: ObjectSchemaIR | undefined,
  http: HttpMappingIR | undefined,
  defs: ReadonlyMap<string, unknown>,
  source: SourcePosition,
): ToolIR {
  const strip = (raw: unknown) => {
    const { $schema: _ignored, ...rest } = raw as Record<string, unknown>;
    return rest;
  };
  return {
    name,
    ...(data.title !== undefined ? { title: data.title } : {}),
    ...(data.description !== undefined ? { description: data.description } : {}),
    ...(data.annotations !== undefined ? { annotations: compact(data.annotations) } : {}),
    authorization,
    input,
    ...(output ? { output } : {}),
    inputSchema: buildSchemaDocument(strip(data.input ?? { type: 'object', properties: {} }), defs),
    ...(output && data.output
      ? { outputSchema: buildSchemaDocument(strip(data.output), defs) }
      : {}),
    ...(http === undefined ? {} : { http }),
    source,
  };
}

function buildProvider(
  id: string,
  data: ProviderInput,
  position: (pointer: string) => SourcePosition,
): ProviderIR {
  const at = `/providers/${escapePointerToken(id)}`;
  const source = position(at);
  const optional = <K extends string, V>(key: K, value: V | undefined) =>
    value === undefined ? {} : ({ [key]: value } as Record<K, V>);
  if (data.type === 'apiKey') {
    return {
      type: 'apiKey',
      id,
      self: false,
      ...optional('title', data.title),
      description: data.description,
      resource: data.resource,
      headerName: data.headerName,
      ...optional('valuePrefix', data.valuePrefix),
      holder: data.holder ?? 'user',
      source,
    };
  }
  return {
    type: 'oauth2',
    id,
    self: id === SELF_PROVIDER_ID,
    ...optional('title', data.title),
    ...optional('description', data.description),
    issuer: data.issuer,
    ...optional('authorizationEndpoint', data.authorizationEndpoint),
    ...optional('tokenEndpoint', data.tokenEndpoint),
    resource: data.resource,
    scopes: Object.entries(data.scopes ?? {})
      .map(([name, description]) => ({
        name,
        description,
        source: position(`${at}/scopes/${escapePointerToken(name)}`),
      }))
      .sort(byName),
    verifier: data.verifier ? structuredClone(compact(data.verifier)) : { kind: 'opaque' },
    source,
  };
}
