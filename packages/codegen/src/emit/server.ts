import type { ProviderIR } from '@toolscope/manifest';
import type {
  ExportDeclarationStructure,
  FunctionDeclarationStructure,
  ImportDeclarationStructure,
  VariableStatementStructure,
} from 'ts-morph';
import type { ResolvedConfig } from '../config/index.js';
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
  // The introspection client secret stays out; its variable's name goes into
  // `<toolset>ProviderSecretEnv`, read by the register function.
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

/** Provider id → the names of the environment variables holding its secrets. */
function secretEnvNames(plan: ToolsetPlan): Record<string, { clientSecretEnv: string }> {
  const names: Record<string, { clientSecretEnv: string }> = {};
  for (const provider of plan.toolset.providers) {
    if (provider.type !== 'oauth2') continue;
    const v = provider.verifier;
    if (v.kind === 'introspection' && v.clientSecretEnv !== undefined) {
      names[provider.id] = { clientSecretEnv: v.clientSecretEnv };
    }
  }
  return names;
}

const secretEnvConstName = (plan: ToolsetPlan) =>
  `${camelCase(plan.toolset.name)}ProviderSecretEnv`;

function definitionsFile(plan: ToolsetPlan, config: ResolvedConfig): string {
  const providersName = `${camelCase(plan.toolset.name)}Providers`;
  const secretEnv = secretEnvNames(plan);
  const requirementTypes = [...new Set(plan.tools.map((t) => requirementType(t.requirement)))];
  return printTypeScript([
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: '@toolscope/core/runtime',
      namedImports: [...requirementTypes, 'ToolDefinition'].sort(),
    },
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: `@toolscope/server/${config.sdk}/register`,
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
        'The providers as the manifest declares them, without secrets: an introspection client secret is read from its environment variable when the tools are registered, or comes from the app in `options.providers`.',
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
    ...(Object.keys(secretEnv).length === 0
      ? []
      : [
          {
            kind: StructureKind.VariableStatement,
            isExported: true,
            declarationKind: VariableDeclarationKind.Const,
            docs: docs(
              'The environment variables that hold provider secrets, by provider id (names only, never values).',
            ),
            declarations: [
              { name: secretEnvConstName(plan), initializer: `${jsonLiteral(secretEnv)} as const` },
            ],
          } satisfies VariableStatementStructure,
        ]),
  ]);
}

/**
 * The register file's helper that fills in secrets named by environment
 * variables. It reads them when the tools are registered, not at import, so
 * importing the package never fails; a provider the app supplies wins unread.
 */
function secretsFromEnvFunction(plan: ToolsetPlan): FunctionDeclarationStructure {
  const providersName = `${camelCase(plan.toolset.name)}Providers`;
  const envName = secretEnvConstName(plan);
  return {
    kind: StructureKind.Function,
    name: 'providersWithSecrets',
    docs: docs(
      "The manifest's providers with each secret read from the environment variable it names, then the app's providers over them (a provider the app supplies is not read from the environment).",
    ),
    parameters: [{ name: 'supplied', type: "ToolscopeServerOptions['providers']" }],
    returnType: 'Readonly<Record<string, ProviderConfig>>',
    statements: `// Read through globalThis: the package compiles without Node's types and runs where there is no process.
const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
const providers: Record<string, ProviderConfig> = { ...${providersName} };
for (const id of Object.keys(${envName}) as Array<keyof typeof ${envName}>) {
  if (supplied?.[id] !== undefined) continue;
  const { clientSecretEnv } = ${envName}[id];
  const clientSecret = env?.[clientSecretEnv];
  if (clientSecret === undefined || clientSecret === '') {
    throw new ToolscopeError(
      'VERIFIER_MISCONFIGURED',
      \`The provider "\${id}" authenticates to its introspection endpoint with a client secret, but the environment variable \${clientSecretEnv} is not set.\`,
      { hint: \`Set \${clientSecretEnv} in the server's environment, or pass options.providers["\${id}"] yourself.\` },
    );
  }
  const provider = ${providersName}[id];
  providers[id] = { ...provider, verifier: { ...provider.verifier, clientSecret } };
}
return { ...providers, ...supplied };`,
  };
}

function registerFile(plan: ToolsetPlan, config: ResolvedConfig): string {
  const handlers = `${plan.pascal}Handlers`;
  const providersName = `${camelCase(plan.toolset.name)}Providers`;
  const secretEnv = Object.values(secretEnvNames(plan)).map((s) => s.clientSecretEnv);
  const hasSecrets = secretEnv.length > 0;
  const typeImports = plan.tools.flatMap((t) => [t.inputType, t.outputType ?? []].flat()).sort();
  const methods = [...new Set(plan.tools.map((t) => t.requirement.method))];
  const contextImports = [
    ...(methods.includes('none') ? ['NoneToolContext'] : []),
    ...(methods.some((m) => m !== 'none') ? ['TokenToolContext'] : []),
  ];
  const needsCallToolResult = plan.tools.some((t) => t.outputType === undefined);
  return printTypeScript([
    ...(hasSecrets
      ? [
          {
            kind: StructureKind.ImportDeclaration,
            moduleSpecifier: '@toolscope/core/runtime',
            namedImports: ['ToolscopeError'],
          } satisfies ImportDeclarationStructure,
        ]
      : []),
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: `@toolscope/server/${config.sdk}/register`,
      namedImports: [
        ...[
          ...contextImports,
          ...(hasSecrets ? ['ProviderConfig'] : []),
          ...(needsCallToolResult ? ['ToolCallResult'] : []),
        ]
          .sort()
          .map((n) => `type ${n}`),
        'registerTools',
        'type ToolscopeServerOptions',
      ],
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: './definitions.js',
      namedImports: [
        providersName,
        ...(hasSecrets ? [secretEnvConstName(plan)] : []),
        'toolDefinitions',
      ],
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
        // A declarative tool (an http mapping) needs no handler; one given overrides the mapping.
        hasQuestionToken: t.tool.http !== undefined,
        docs: docs(
          `\`${t.tool.name}\``,
          t.tool.description,
          t.tool.http === undefined
            ? undefined
            : `Declarative: \`${t.tool.http.method} ${t.tool.http.path}\`; leave it out to use the mapping.`,
        ),
        type: `(input: ${t.inputType}, context: ${CONTEXT_TYPE[t.requirement.method]}) => Promise<${t.outputType ?? 'ToolCallResult'}> | ${t.outputType ?? 'ToolCallResult'}`,
      })),
    },
    ...(hasSecrets ? [secretsFromEnvFunction(plan)] : []),
    {
      kind: StructureKind.Function,
      isExported: true,
      name: `register${plan.pascal}Tools`,
      docs: docs(
        `Registers every tool of \`${plan.toolset.name}\` with enforcement, input validation and the manifest's provider defaults. A missing or an extra handler is a compile error.`,
        hasSecrets
          ? `Reads each provider secret from its environment variable (${secretEnv.join(', ')}) when called, and throws a ToolscopeError \`VERIFIER_MISCONFIGURED\` when one is unset and \`options.providers\` does not supply that provider.`
          : undefined,
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
        .join('')}  ],\n  { ...options, providers: ${
        hasSecrets
          ? 'providersWithSecrets(options.providers)'
          : `{ ...${providersName}, ...options.providers }`
      } },\n);`,
    },
  ]);
}

/** The server stubs package's sources: types, definitions, handlers and registration. */
export const serverEmitter: Emitter = (plan, config) => {
  const providersName = `${camelCase(plan.toolset.name)}Providers`;
  const typeNames = [
    ...plan.defTypes.values(),
    ...plan.tools.flatMap((t) => [t.inputType, t.outputType ?? []].flat()),
  ].sort();
  return [
    { path: 'src/types.ts', contents: printTypeScript(toolsetTypeStatements(plan)) },
    { path: 'src/definitions.ts', contents: definitionsFile(plan, config) },
    { path: 'src/register.ts', contents: registerFile(plan, config) },
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
