import { definePlugin, type ReserveContext } from '../plugin.js';
import { clientEmitter } from './client.js';
import { DOCS_TEMPLATE_SET, docsFiles } from './docs.js';
import { packageFiles } from './package-files.js';
import { serverEmitter } from './server.js';

// The three built-in outputs as plugins, through the same interface a
// team's own plugin uses. Each declares the names its files import or
// declare; the planner keeps manifest-derived names away from all of them.

/** Typed MCP server stubs: types, definitions, handlers and registration. */
export const serverPlugin = definePlugin({
  name: 'server',
  package: 'server',
  reserves: ({ pascal, camel }: ReserveContext) => ({
    types: [
      'CallToolResult',
      'NoneToolContext',
      'RegisterToolsOptions',
      'ServerProvider',
      'TokenToolContext',
      'ToolCallResult',
      'ToolDefinition',
      `${pascal}Handlers`,
    ],
    values: ['toolDefinitions', `${camel}Providers`],
  }),
  emit: (plan, { config }) => [
    ...packageFiles(plan, 'server', config),
    ...serverEmitter(plan, config),
  ],
});

/** Typed MCP client helpers: types, requirements and the typed clients. */
export const clientPlugin = definePlugin({
  name: 'client',
  package: 'client',
  reserves: ({ pascal }: ReserveContext) => ({
    types: [
      'AuthorizedTool',
      'CallOptions',
      'MetaAuthorizationDeclaration',
      'NoTokenCallOptions',
      'StructuredResult',
      'TokenCallOptions',
      'TokenSource',
      'ToolCallResult',
      'ToolCallTarget',
      'ToolName',
      `${pascal}Client`,
      `${pascal}UserClient`,
    ],
    values: ['toolRequirements'],
  }),
  emit: (plan, { config }) => [
    ...packageFiles(plan, 'client', config),
    ...clientEmitter(plan, config),
  ],
});

/** Spec docs: Markdown pages from Handlebars templates, tools.json, JSON Schemas, llms.txt. */
export const docsPlugin = definePlugin({
  name: 'docs',
  package: 'docs',
  templates: DOCS_TEMPLATE_SET,
  emit: (plan, { config, templates }) => [
    ...packageFiles(plan, 'docs', config),
    ...docsFiles(plan, templates),
  ],
});

/** The built-in plugins by the name a config lists them under. */
export const BUILTIN_PLUGIN_OBJECTS = {
  server: serverPlugin,
  client: clientPlugin,
  docs: docsPlugin,
} as const;
