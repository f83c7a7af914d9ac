import type { ProviderIR } from '@toolscope/manifest';
import type { ImportDeclarationStructure } from 'ts-morph';
import { tsKey, tsLiteral } from '../escape.js';
import { camelCase } from '../names.js';
import type { Emitter, ResolvedConfig, ToolPlan, ToolsetPlan } from '../types.js';
import {
  constStatement,
  definitionName,
  definitionStatement,
  jsonConstStatement,
  type SharedValues,
  sharedValues,
} from './definition-statement.js';
import { type Doc, list } from './layout.js';
import { CodeRef, objectDoc, propertyDoc, requirementType } from './literal.js';
import { commentDoc, typeDoc } from './schema-types.js';
import { functionStatement, functionType, interfaceDoc } from './statements.js';
import { joinDocs, toolsetTypeStatements } from './types.js';
import {
  laidOut,
  namedModuleStatement,
  printTypeScript,
  type Statement,
  StructureKind,
} from './typescript.js';

const CONTEXT_TYPE = {
  none: 'NoneToolContext',
  oauth2: "TokenToolContext<'oauth2'>",
  apiKey: "TokenToolContext<'apiKey'>",
} as const;

/** The runtime's ServerProvider for a provider: public facts and verifier, never secrets. */
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

function definitionsFile(plan: ToolsetPlan, config: ResolvedConfig, shared: SharedValues): string {
  const providersName = `${camelCase(plan.toolset.name)}Providers`;
  const secretEnv = secretEnvNames(plan);
  const requirementTypes = [...new Set(plan.tools.map((t) => requirementType(t.requirement)))];
  return printTypeScript([
    namedModuleStatement('import', '@toolscope/core/runtime', [
      ...requirementTypes.map((name) => `type ${name}`),
      'jsonSchema',
      'type ToolDefinition',
    ]),
    namedModuleStatement(
      'import',
      `@toolscope/server/${config.sdk}/register`,
      ['ServerProvider'],
      true,
    ),
    ...namespaceImports(shared),
    ...plan.tools.map((t) => definitionStatement(t, shared)),
    jsonConstStatement(
      'Every tool of the toolset by its MCP name.',
      'export const toolDefinitions',
      Object.fromEntries(plan.tools.map((t) => [t.tool.name, new CodeRef(definitionName(t))])),
      ' as const',
    ),
    jsonConstStatement(
      'The providers as the manifest declares them, without secrets: an introspection client secret is read from its environment variable when the tools are registered, or comes from the app in `options.providers`.',
      `export const ${providersName}`,
      Object.fromEntries(plan.toolset.providers.map((p) => [p.id, providerConfig(p)])),
      ' satisfies Readonly<Record<string, ServerProvider>>',
    ),
    ...(Object.keys(secretEnv).length === 0
      ? []
      : [
          jsonConstStatement(
            'The environment variables that hold provider secrets, by provider id (names only, never values).',
            `export const ${secretEnvConstName(plan)}`,
            secretEnv,
            ' as const',
          ),
        ]),
  ]);
}

/** `import * as defs` / `import * as providers` for the shared modules the declarations name. */
function namespaceImports(shared: SharedValues): ImportDeclarationStructure[] {
  return [
    ...(shared.defs.length === 0 ? [] : [{ name: 'defs', path: './defs.js' }]),
    ...(shared.providers.length === 0 ? [] : [{ name: 'providers', path: './providers.js' }]),
  ].map(({ name, path }) => ({
    kind: StructureKind.ImportDeclaration,
    namespaceImport: name,
    moduleSpecifier: path,
  }));
}

/** The shared `$defs` schemas module: each schema once, named by its type. */
function defsFile(shared: SharedValues): string {
  return printTypeScript(
    shared.defs.map((d) =>
      jsonConstStatement(
        `The \`$defs\` schema \`${d.name}\`, shared by every tool whose schema carries it.`,
        `export const ${d.name}`,
        d.value,
      ),
    ),
  );
}

/** The providers' public facts module: what each tool's requirement names, once. */
export function providersFile(shared: SharedValues): string {
  return printTypeScript(
    shared.providers.map((p) =>
      jsonConstStatement(
        `The public facts of the provider \`${String((p.value as { id: unknown }).id)}\` (never secrets).`,
        `export const ${p.name}`,
        p.value,
        // Literal types, as the requirements that name it had when they held a copy.
        ' as const',
      ),
    ),
  );
}

/**
 * The register file's helper that fills in secrets named by environment
 * variables. It reads them when the tools are registered, not at import, so
 * importing the package never fails; a provider the app supplies wins unread.
 */
function secretsFromEnvFunction(plan: ToolsetPlan): Statement {
  const providersName = `${camelCase(plan.toolset.name)}Providers`;
  const envName = secretEnvConstName(plan);
  return functionStatement({
    doc: "The manifest's providers with each secret read from the environment variable it names, then the app's providers over them (a provider the app supplies is not read from the environment).",
    head: 'function providersWithSecrets',
    parameters: ["supplied: RegisterToolsOptions['providers']"],
    returnType: 'Readonly<Record<string, ServerProvider>>',
    body: [
      `const manifest = ${providersName};`,
      `const secretEnv = ${envName};`,
      'const providers: Record<string, ServerProvider> = { ...manifest };',
      'for (const [id, { clientSecretEnv }] of Object.entries(secretEnv)) {',
      '  const provider = providers[id];',
      '  if (supplied?.[id] !== undefined || provider === undefined) continue;',
      "  if (provider.verifier?.kind !== 'introspection') continue;",
      '  const clientSecret = environmentVariable(clientSecretEnv);',
      "  if (clientSecret === undefined || clientSecret === '') {",
      '    throw new ToolscopeError(',
      "      'VERIFIER_MISCONFIGURED',",
      `      \`The provider "\${id}" authenticates to its introspection endpoint with a client secret, but the environment variable \${clientSecretEnv} is not set.\`,`,
      '      {',
      `        hint: \`Set \${clientSecretEnv} in the server's environment, or pass options.providers["\${id}"] yourself.\`,`,
      '      },',
      '    );',
      '  }',
      '  providers[id] = { ...provider, verifier: { ...provider.verifier, clientSecret } };',
      '}',
      'return { ...providers, ...supplied };',
    ],
  });
}

function handlerMember(t: ToolPlan): Doc {
  const result = t.outputType ?? 'ToolCallResult';
  return [
    commentDoc(
      joinDocs([
        `\`${t.tool.name}\``,
        t.tool.description,
        t.tool.http === undefined
          ? undefined
          : `Declarative: \`${t.tool.http.method} ${t.tool.http.path}\`; leave it out to use the mapping.`,
      ]),
    ),
    // A declarative tool (an http mapping) needs no handler; one given overrides the mapping.
    `readonly ${t.method}${t.tool.http === undefined ? '' : '?'}: `,
    functionType(
      [`input: ${t.inputType}`, `context: ${CONTEXT_TYPE[t.requirement.method]}`],
      typeDoc({ variants: [`Promise<${result}>`, result], shapes: ['other', 'other'] }),
    ),
    ';',
  ];
}

function registerFile(plan: ToolsetPlan, config: ResolvedConfig): string {
  const handlers = `${plan.pascal}Handlers`;
  const providersName = `${camelCase(plan.toolset.name)}Providers`;
  const secretEnv = Object.values(secretEnvNames(plan)).map((s) => s.clientSecretEnv);
  const hasSecrets = secretEnv.length > 0;
  const typeImports = plan.tools.flatMap((t) => [t.inputType, t.outputType ?? []].flat());
  const methods = [...new Set(plan.tools.map((t) => t.requirement.method))];
  const contextImports = [
    ...(methods.includes('none') ? ['NoneToolContext'] : []),
    ...(methods.some((m) => m !== 'none') ? ['TokenToolContext'] : []),
  ];
  const needsCallToolResult = plan.tools.some((t) => t.outputType === undefined);
  const handlerKeys = objectDoc(
    plan.tools.map((t) => propertyDoc(tsKey(t.tool.name), tsLiteral(t.method), true)),
  );
  return printTypeScript([
    ...(hasSecrets
      ? [
          namedModuleStatement('import', '@toolscope/core/runtime', [
            'environmentVariable',
            'ToolscopeError',
          ]),
        ]
      : []),
    namedModuleStatement('import', `@toolscope/server/${config.sdk}/register`, [
      ...[
        ...contextImports,
        ...(hasSecrets ? ['ServerProvider'] : []),
        ...(needsCallToolResult ? ['ToolCallResult'] : []),
      ].map((n) => `type ${n}`),
      'type RegisterToolsOptions',
      'registerToolset',
      'type ToolHost',
    ]),
    namedModuleStatement('import', './definitions.js', [
      providersName,
      ...(hasSecrets ? [secretEnvConstName(plan)] : []),
      'toolDefinitions',
    ]),
    ...(typeImports.length === 0
      ? []
      : [namedModuleStatement('import', './types.js', typeImports, true)]),
    laidOut([
      commentDoc(
        `The handlers of the \`${plan.toolset.name}\` toolset: one per tool, each with the context its method gives (a token for oauth2 and apiKey tools, none for none tools).`,
      ),
      interfaceDoc(`export interface ${handlers}`, plan.tools.map(handlerMember)),
    ]),
    ...(hasSecrets ? [secretsFromEnvFunction(plan)] : []),
    constStatement(
      'Each tool and the property of the handlers that serves it.',
      `const handlerKeys: Readonly<Record<string, keyof ${handlers}>>`,
      handlerKeys,
    ),
    functionStatement({
      doc: joinDocs([
        `Registers every tool of \`${plan.toolset.name}\` with enforcement, input validation and the manifest's provider defaults. A missing or an extra handler is a compile error.`,
        hasSecrets
          ? `Reads each provider secret from its environment variable (${secretEnv.join(', ')}) when called, and throws a ToolscopeError \`VERIFIER_MISCONFIGURED\` when one is unset and \`options.providers\` does not supply that provider.`
          : undefined,
      ]),
      head: `export function register${plan.pascal}Tools<H extends ${handlers}>`,
      parameters: [
        'server: ToolHost',
        `handlers: H & Record<Exclude<keyof H, keyof ${handlers}>, never>`,
        'options: RegisterToolsOptions = {}',
      ],
      returnType: 'void',
      body: [
        [
          'registerToolset',
          list(
            '(',
            [
              'server',
              objectDoc([
                'definitions: toolDefinitions',
                'handlerKeys',
                hasSecrets
                  ? 'providers: providersWithSecrets(options.providers)'
                  : `providers: ${providersName}`,
              ]),
              'handlers',
              'options',
            ],
            ')',
          ),
          ';',
        ],
      ],
    }),
  ]);
}

/** The server stubs package's sources: types, definitions, handlers and registration. */
export const serverEmitter: Emitter = (plan, config) => {
  const providersName = `${camelCase(plan.toolset.name)}Providers`;
  const shared = sharedValues(plan);
  const typeNames = [
    ...plan.defTypes.values(),
    ...plan.tools.flatMap((t) => [t.inputType, t.outputType ?? []].flat()),
  ];
  return [
    { path: 'src/types.ts', contents: printTypeScript(toolsetTypeStatements(plan)) },
    ...(shared.defs.length === 0 ? [] : [{ path: 'src/defs.ts', contents: defsFile(shared) }]),
    ...(shared.providers.length === 0
      ? []
      : [{ path: 'src/providers.ts', contents: providersFile(shared) }]),
    { path: 'src/definitions.ts', contents: definitionsFile(plan, config, shared) },
    { path: 'src/register.ts', contents: registerFile(plan, config) },
    {
      path: 'src/index.ts',
      contents: printTypeScript([
        namedModuleStatement('export', './definitions.js', [
          providersName,
          'toolDefinitions',
          ...plan.tools.map(definitionName),
        ]),
        namedModuleStatement('export', './register.js', [
          `type ${plan.pascal}Handlers`,
          `register${plan.pascal}Tools`,
        ]),
        ...(typeNames.length === 0
          ? []
          : [namedModuleStatement('export', './types.js', typeNames, true)]),
      ]),
    },
  ];
};
