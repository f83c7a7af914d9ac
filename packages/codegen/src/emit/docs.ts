import { fileURLToPath } from 'node:url';
import {
  AUTH_ERROR_REASONS,
  type AuthErrorKind,
  buildAuthError,
  type ToolDefinition,
  type ToolRequirement,
  toListedTool,
} from '@toolscope/core';
import type { ObjectSchemaIR, ProviderIR, SchemaIR } from '@toolscope/manifest';
import type { GeneratedFile, PluginTemplates, Template, ToolPlan, ToolsetPlan } from '../types.js';
import { GENERATED_HEADER } from '../version.js';
import { definitionValue } from './definition-statement.js';
import { exampleObject } from './examples.js';
import { formatJson } from './literal.js';

/** The docs templates a user can override by file name (config `templates`). */
export const DOCS_TEMPLATES = ['toolset.md', 'tool.md', 'auth-matrix.md', 'llms.txt'] as const;
type TemplateName = (typeof DOCS_TEMPLATES)[number];

/** Where the docs plugin's templates live: the package's own `templates/` folder. */
export const DOCS_TEMPLATE_SET: PluginTemplates = {
  dir: fileURLToPath(new URL('../../templates/', import.meta.url)),
  names: DOCS_TEMPLATES,
};

/** The templates of one run, loaded before emit (never read or cached here). */
export type DocsTemplates = ReadonlyMap<string, Template>;

function template(name: TemplateName, templates: DocsTemplates): Template {
  const found = templates.get(name);
  // The load stage loads every name of DOCS_TEMPLATE_SET or fails: only a hand-built map gets here.
  if (found === undefined) throw new TypeError(`the docs template "${name}" was not loaded`);
  return found;
}

/** The longest run of `char` in `text`; only called when a run of three or more is there. */
function longestRun(text: string, char: string): number {
  let longest = 0;
  for (const match of text.matchAll(char === ':' ? /:+/g : /`+/g)) {
    longest = Math.max(longest, match[0].length);
  }
  return longest;
}

/**
 * The marker a fence or container needs around `texts`: three of `char`, or
 * one more than the longest run inside. Almost no text holds three in a row,
 * so one native substring search per string settles it.
 */
function markerFor(texts: readonly string[], char: string): string {
  const three = char.repeat(3);
  let longest = 0;
  for (const text of texts) {
    if (text.includes(three)) longest = Math.max(longest, longestRun(text, char));
  }
  return char.repeat(Math.max(3, longest + 1));
}

/** Every string inside `value`, keys included. */
function stringsIn(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      into.push(key);
      stringsIn(item, into);
    }
  }
  return into;
}

/** A backtick fence longer than any backtick run in `text`. */
function fenceFor(text: string): string {
  return markerFor([text], '`');
}

/** A VitePress container marker longer than any colon run in the page's data. */
function containerFor(values: readonly unknown[]): string {
  return markerFor(stringsIn(values), ':');
}

/** Table cells: a pipe would end the cell and a newline the row. */
function cell(text: string | undefined): string {
  return (text ?? '').replace(/\r\n?|[\n\u2028\u2029]/g, ' ').replace(/\|/g, '\\|');
}

function typeLabel(schema: SchemaIR): string {
  switch (schema.kind) {
    case 'array':
      return `${typeLabel(schema.items)}[]`;
    case 'union':
      return schema.variants.map(typeLabel).join(' or ');
    case 'ref':
      return schema.name;
    case 'string':
      return schema.enum
        ? `one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`
        : 'string';
    default:
      return schema.kind;
  }
}

function fields(schema: ObjectSchemaIR | undefined) {
  return (schema?.properties ?? []).map((p) => ({
    name: cell(p.name),
    type: cell(typeLabel(p.schema)),
    required: p.required,
    description: cell(p.schema.description),
  }));
}

const ERROR_CASES: Readonly<Record<AuthErrorKind, string>> = {
  missing_token: 'The call carried no `_meta.authorization`, or no token in it.',
  invalid_token:
    'The verifier or the upstream service rejected the token (expired, bad signature, wrong audience or issuer).',
  insufficient_scope:
    "The token lacks a scope the tool requires, by the server's own check or by the upstream service's 403.",
  method_mismatch: 'The token was sent with a different `method` than the tool declares.',
};

/**
 * The `data.reason` the server sends for each kind, from the one list it uses too.
 * With an opaque provider the server checks no token itself: a bad token or a
 * missing scope comes back from the upstream service as its 401 or 403.
 */
function reasonFor(kind: AuthErrorKind, requirement: ToolRequirement, verified: boolean): string {
  switch (kind) {
    case 'missing_token':
      return AUTH_ERROR_REASONS.missingToken;
    case 'invalid_token':
      return verified ? AUTH_ERROR_REASONS.expired : AUTH_ERROR_REASONS.upstreamRejected;
    case 'insufficient_scope':
      return verified && requirement.method === 'oauth2' && requirement.requiredScopes.length > 0
        ? AUTH_ERROR_REASONS.missingScopes(requirement.requiredScopes)
        : AUTH_ERROR_REASONS.upstreamInsufficientScope;
    case 'method_mismatch':
      return AUTH_ERROR_REASONS.methodMismatch(requirement.method);
  }
}

/** True when the tool's provider has a verifier the server runs (jwt, introspection). */
function serverVerifies(plan: ToolsetPlan, requirement: ToolRequirement): boolean {
  if (requirement.method !== 'oauth2') return false;
  const provider = plan.toolset.providers.find((p) => p.id === requirement.provider.id);
  return provider?.type === 'oauth2' && provider.verifier.kind !== 'opaque';
}

/**
 * The server's answer to a call missing the tool's first required input, or
 * undefined for a tool without one. The server validates against the wire
 * `inputSchema` and names the first field of its `required` that is absent.
 * The message is exactly what the server sends, on either SDK line.
 */
function invalidArgumentsExample(tool: ToolPlan['tool']) {
  const required = tool.inputSchema['required'];
  const field = Array.isArray(required) ? required.find((f) => typeof f === 'string') : undefined;
  if (field === undefined) return undefined;
  const code = -32602;
  const message = `Invalid arguments for tool ${tool.name}: ${field} is required`;
  const response = JSON.stringify({ jsonrpc: '2.0', id: 1, error: { code, message } }, null, 2);
  return { field, code, response, fence: fenceFor(response) };
}

function toolPage(plan: ToolsetPlan, t: ToolPlan, templates: DocsTemplates): string {
  const { tool, requirement } = t;
  const defs = new Map(plan.toolset.defs.map((d) => [d.name, d.schema]));
  const token = requirement.method !== 'none';
  const example = JSON.stringify(
    {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: {
        name: tool.name,
        arguments: exampleObject(tool.input, defs),
        // A placeholder, never anything that looks like a real token.
        ...(requirement.method === 'none'
          ? {}
          : {
              _meta: {
                authorization: {
                  method: requirement.method,
                  token: `<user ${requirement.method === 'oauth2' ? 'access token' : 'API key'} for ${requirement.provider.id}>`,
                },
              },
            }),
      },
    },
    null,
    2,
  );
  // Every oauth2 tool can be refused for a scope: by the server's own check, or by
  // the upstream service's 403 insufficient_scope, which the server passes on.
  const kinds: AuthErrorKind[] =
    requirement.method === 'oauth2'
      ? ['missing_token', 'invalid_token', 'insufficient_scope', 'method_mismatch']
      : token
        ? ['missing_token', 'invalid_token', 'method_mismatch']
        : [];
  const verified = serverVerifies(plan, requirement);
  const errors = kinds.map((kind) => {
    const reason = reasonFor(kind, requirement, verified);
    const error = buildAuthError(tool.name, requirement, kind, reason);
    const response = JSON.stringify({ jsonrpc: '2.0', id: 1, error }, null, 2);
    return { kind, code: error.code, when: ERROR_CASES[kind], response, fence: fenceFor(response) };
  });
  const data = {
    header: GENERATED_HEADER,
    frontmatterTitle: JSON.stringify(tool.name),
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputs: fields(tool.input),
    outputs: fields(tool.output),
    token,
    method: requirement.method,
    provider: requirement.method === 'none' ? undefined : requirement.provider.id,
    scopes: requirement.method === 'oauth2' ? requirement.requiredScopes : [],
    example,
    fence: fenceFor(example),
    errors,
    invalidArguments: invalidArgumentsExample(tool),
    http:
      tool.http === undefined
        ? undefined
        : {
            method: tool.http.method,
            path: tool.http.path,
            baseUrl: tool.http.baseUrl,
          },
  };
  return template('tool.md', templates)({ ...data, container: containerFor(Object.values(data)) });
}

function providerFacts(p: ProviderIR) {
  const facts: Array<[string, string | undefined]> =
    p.type === 'oauth2'
      ? [
          ['issuer', p.issuer],
          ['authorizationEndpoint', p.authorizationEndpoint],
          ['tokenEndpoint', p.tokenEndpoint],
          ['resource', p.resource],
          ['verifier', p.verifier.kind],
        ]
      : [
          ['resource', p.resource],
          ['headerName', p.headerName],
          ['holder', p.holder],
        ];
  return facts
    .filter(([, v]) => v !== undefined)
    .map(([key, value]) => ({ key, value: cell(value) }));
}

function scopesLabel(t: ToolPlan): string {
  const r = t.requirement;
  if (r.method !== 'oauth2') return r.method === 'none' ? '—' : `API key (${cell(r.provider.id)})`;
  return r.requiredScopes.length === 0
    ? '(none)'
    : r.requiredScopes.map((s) => `\`${cell(s)}\``).join(', ');
}

function toolsetPage(plan: ToolsetPlan, templates: DocsTemplates): string {
  const { toolset } = plan;
  const data = {
    header: GENERATED_HEADER,
    frontmatterTitle: JSON.stringify(toolset.title),
    title: toolset.title,
    description: toolset.description,
    name: toolset.name,
    version: toolset.version,
    serverPackage: plan.packages.server.name,
    clientPackage: plan.packages.client.name,
    providers: toolset.providers.map((p) => ({
      id: p.id,
      title: p.title,
      type: p.type,
      facts: providerFacts(p),
      scopes:
        p.type === 'oauth2'
          ? p.scopes.map((s) => ({ name: cell(s.name), description: cell(s.description) }))
          : [],
    })),
    tools: plan.tools.map((t) => ({
      name: t.tool.name,
      method: t.requirement.method,
      scopes: scopesLabel(t),
    })),
  };
  return template(
    'toolset.md',
    templates,
  )({ ...data, container: containerFor(Object.values(data)) });
}

function authMatrixPage(plan: ToolsetPlan, templates: DocsTemplates): string {
  const { toolset } = plan;
  const matrices = toolset.providers.map((p) => {
    const scopes = p.type === 'oauth2' ? p.scopes.map((s) => s.name) : [];
    const rows = plan.tools
      .filter((t) => t.requirement.method !== 'none' && t.requirement.provider.id === p.id)
      .map((t) => {
        const needs = new Set(
          t.requirement.method === 'oauth2' ? t.requirement.requiredScopes : [],
        );
        return {
          tool: cell(t.tool.name),
          method: t.requirement.method,
          cells: scopes.map((s) => (needs.has(s) ? '✓' : '')),
        };
      });
    return { provider: p.id, scopes: scopes.map(cell), rows };
  });
  const data = {
    header: GENERATED_HEADER,
    frontmatterTitle: JSON.stringify(`${toolset.title}: authorization matrix`),
    title: toolset.title,
    matrices,
    noneTools: plan.tools.filter((t) => t.requirement.method === 'none').map((t) => t.tool.name),
  };
  return template(
    'auth-matrix.md',
    templates,
  )({ ...data, container: containerFor(Object.values(data)) });
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split(/\r\n?|[\n\u2028\u2029]/)[0] ?? '';
}

function llmsTxt(plan: ToolsetPlan, templates: DocsTemplates): string {
  const { toolset } = plan;
  return template(
    'llms.txt',
    templates,
  )({
    title: toolset.title,
    summary: firstLine(toolset.description ?? toolset.title),
    name: toolset.name,
    version: toolset.version,
    tools: plan.tools.map((t) => ({
      name: t.tool.name,
      summary: firstLine(t.tool.description ?? t.tool.title),
      auth: scopesLabel(t).replace(/`/g, ''),
    })),
  });
}

// JSON files in the formatter's layout (arrays on one line when they fit).
const json = formatJson;

/**
 * The docs package: Markdown pages, tools.json, each tool's JSON Schemas and
 * llms.txt, rendered with the templates the load stage read.
 */
export function docsFiles(plan: ToolsetPlan, templates: DocsTemplates): GeneratedFile[] {
  // Exactly what the server lists: the same function builds both.
  const tools = plan.tools.map((t) => toListedTool(definitionValue(t) as ToolDefinition));
  const files: GeneratedFile[] = [
    { path: 'docs/index.md', contents: toolsetPage(plan, templates) },
    { path: 'docs/auth-matrix.md', contents: authMatrixPage(plan, templates) },
    { path: 'llms.txt', contents: llmsTxt(plan, templates) },
    { path: 'tools.json', contents: json({ tools }) },
  ];
  for (const t of plan.tools) {
    files.push({ path: `docs/tools/${t.tool.name}.md`, contents: toolPage(plan, t, templates) });
    files.push({ path: `schemas/${t.tool.name}.input.json`, contents: json(t.tool.inputSchema) });
    if (t.tool.outputSchema !== undefined) {
      files.push({
        path: `schemas/${t.tool.name}.output.json`,
        contents: json(t.tool.outputSchema),
      });
    }
  }
  return files;
}
