import type { ProviderIR } from '@toolscope/manifest';
import type { ExportDeclarationStructure, ImportDeclarationStructure } from 'ts-morph';
import type { Emitter } from '../emitter.js';
import { escapeForCode } from '../escape.js';
import { camelCase } from '../names.js';
import type { ToolsetPlan } from '../plan.js';
import { definitionName, definitionStatement } from './definition-statement.js';
import { jsonLiteral, requirementType } from './literal.js';
import { docs, toolsetTypeStatements } from './types.js';
import { printTypeScript, StructureKind, VariableDeclarationKind } from './typescript.js';

const CONTEXT_TYPE = {
  none: 'NoneToolContext',
  oauth2: "TokenToolContext<'oauth2'>",
  apiKey: "TokenToolContext<'apiKey'>",
} as const;

/** The runtime's ProviderConfig for a provider: public facts and verifier, never secrets. */
function providerConfig(provider: ProviderIR): Record<string, unknown> {
  if (provider.type === 'apiKey') {
    return {
      id: provider.id,
      type: 'apiKey',
      resource: provider.resource,
      headerName: provider.headerName,
      valuePrefix: provider.valuePrefix,
    };
  }
  const v = provider.verifier;
  // The introspection client secret stays out: the app passes it through options.
  const verifier =
    v.kind === 'introspection' ? { kind: v.kind, endpoint: v.endpoint, clientId: v.clientId } : v;
  return {
    id: provider.id,
    type: 'oauth2',
    issuer: provider.issuer,
    resource: provider.resource,
    verifier,
  };
}

function definitionsFile(plan: ToolsetPlan): string {
  const providersName = `${camelCase(plan.toolset.name)}Providers`;
  const requirementTypes = [...new Set(plan.tools.map((t) => requirementType(t.requirement)))];
  return printTypeScript([
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: '@toolscope/core',
      namedImports: [...requirementTypes, 'ToolDefinition'].sort(),
    },
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: '@toolscope/server',
      namedImports: ['ProviderConfig'],
    },
    ...plan.tools.map(definitionStatement),
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: docs('Every tool of the toolset by its MCP name.'),
      declarations: [
        {
          name: 'toolDefinitions',
          initializer: `{\n${plan.tools
            .map((t) => `  ${escapeForCode(t.tool.name, 'key')}: ${definitionName(t)},\n`)
            .join('')}} as const`,
        },
      ],
    },
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: docs(
        'The providers as the manifest declares them. Secrets (an introspection client secret) come from the app: pass them in `options.providers`.',
      ),
      declarations: [
        {
          name: providersName,
          initializer: `${jsonLiteral(
            Object.fromEntries(plan.toolset.providers.map((p) => [p.id, providerConfig(p)])),
          )} satisfies Readonly<Record<string, ProviderConfig>>`,
        },
      ],
    },
  ]);
}

function registerFile(plan: ToolsetPlan): string {
  const handlers = `${plan.pascal}Handlers`;
  const providersName = `${camelCase(plan.toolset.name)}Providers`;
  const typeImports = plan.tools.flatMap((t) => [t.inputType, t.outputType ?? []].flat()).sort();
  const methods = [...new Set(plan.tools.map((t) => t.requirement.method))];
  const contextImports = [
    ...(methods.includes('none') ? ['NoneToolContext'] : []),
    ...(methods.some((m) => m !== 'none') ? ['TokenToolContext'] : []),
  ];
  const needsCallToolResult = plan.tools.some((t) => t.outputType === undefined);
  return printTypeScript([
    ...(needsCallToolResult
      ? [
          {
            kind: StructureKind.ImportDeclaration,
            isTypeOnly: true,
            moduleSpecifier: '@modelcontextprotocol/sdk/types.js',
            namedImports: ['CallToolResult'],
          } satisfies ImportDeclarationStructure,
        ]
      : []),
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '@toolscope/server',
      namedImports: [
        ...contextImports.map((n) => `type ${n}`),
        'registerTools',
        'type ToolscopeServerOptions',
      ],
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: './definitions.js',
      namedImports: [providersName, 'toolDefinitions'],
    },
    ...(typeImports.length === 0
      ? []
      : [
          {
            kind: StructureKind.ImportDeclaration,
            isTypeOnly: true,
            moduleSpecifier: './types.js',
            namedImports: typeImports,
          } satisfies ImportDeclarationStructure,
        ]),
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: handlers,
      docs: docs(
        `The handlers of the \`${plan.toolset.name}\` toolset: one per tool, each with the context its method gives (a token for oauth2 and apiKey tools, none for none tools).`,
      ),
      properties: plan.tools.map((t) => ({
        name: t.method,
        isReadonly: true,
        docs: docs(`\`${t.tool.name}\``, t.tool.description),
        type: `(input: ${t.inputType}, context: ${CONTEXT_TYPE[t.requirement.method]}) => Promise<${t.outputType ?? 'CallToolResult'}> | ${t.outputType ?? 'CallToolResult'}`,
      })),
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: `register${plan.pascal}Tools`,
      docs: docs(
        `Registers every tool of \`${plan.toolset.name}\` with enforcement, input validation and the manifest's provider defaults. A missing or an extra handler is a compile error.`,
      ),
      typeParameters: [`H extends ${handlers}`],
      parameters: [
        { name: 'server', type: 'Parameters<typeof registerTools>[0]' },
        { name: 'handlers', type: `H & Record<Exclude<keyof H, keyof ${handlers}>, never>` },
        { name: 'options', type: 'ToolscopeServerOptions', initializer: '{}' },
      ],
      returnType: 'ReturnType<typeof registerTools>',
      statements: `return registerTools(\n  server,\n  [\n${plan.tools
        .map(
          (t) =>
            `    { definition: toolDefinitions[${escapeForCode(t.tool.name, 'literal')}], handler: handlers.${t.method} },\n`,
        )
        .join(
          '',
        )}  ],\n  { ...options, providers: { ...${providersName}, ...options.providers } },\n);`,
    },
  ]);
}

/** The server stubs package's sources: types, definitions, handlers and registration. */
export const serverEmitter: Emitter = (plan) => {
  const providersName = `${camelCase(plan.toolset.name)}Providers`;
  const typeNames = [
    ...plan.defTypes.values(),
    ...plan.tools.flatMap((t) => [t.inputType, t.outputType ?? []].flat()),
  ].sort();
  return [
    { path: 'src/types.ts', contents: printTypeScript(toolsetTypeStatements(plan)) },
    { path: 'src/definitions.ts', contents: definitionsFile(plan) },
    { path: 'src/register.ts', contents: registerFile(plan) },
    {
      path: 'src/index.ts',
      contents: printTypeScript([
        {
          kind: StructureKind.ExportDeclaration,
          moduleSpecifier: './definitions.js',
          namedExports: [
            providersName,
            'toolDefinitions',
            ...plan.tools.map(definitionName),
          ].sort(),
        },
        {
          kind: StructureKind.ExportDeclaration,
          moduleSpecifier: './register.js',
          namedExports: [`type ${plan.pascal}Handlers`, `register${plan.pascal}Tools`],
        },
        ...(typeNames.length === 0
          ? []
          : [
              {
                kind: StructureKind.ExportDeclaration,
                isTypeOnly: true,
                moduleSpecifier: './types.js',
                namedExports: typeNames,
              } satisfies ExportDeclarationStructure,
            ]),
      ]),
    },
  ];
};
