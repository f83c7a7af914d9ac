import type { FunctionDeclarationStructure, VariableStatementStructure } from 'ts-morph';
import type { Emitter } from '../emitter.js';
import { escapeForCode } from '../escape.js';
import type { ToolPlan, ToolsetPlan } from '../plan.js';
import { jsonLiteral } from './literal.js';
import { docs, toolsetTypeStatements } from './types.js';
import { printTypeScript, StructureKind, VariableDeclarationKind } from './typescript.js';

function resultType(t: ToolPlan): string {
  return t.outputType === undefined ? 'ToolCallResult' : `StructuredResult<${t.outputType}>`;
}

function requirementsFile(plan: ToolsetPlan): string {
  return printTypeScript([
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: '@toolscope/core/runtime',
      namedImports: ['MetaAuthorizationDeclaration'],
    },
    ...plan.tools.map(
      (t): VariableStatementStructure => ({
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: docs(`Scopes \`${t.tool.name}\` needs, to ask the user for up front.`),
        declarations: [
          {
            name: t.scopesConst,
            initializer: `${jsonLiteral(t.requirement.method === 'oauth2' ? t.requirement.requiredScopes : [])} as const`,
          },
        ],
      }),
    ),
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: docs(
        "Each tool's requirement with its provider's public facts: what onboarding asks the user to authorize.",
      ),
      declarations: [
        {
          name: 'toolRequirements',
          initializer: `{\n${plan.tools
            .map((t) => {
              const { requirement: r } = t;
              const value =
                r.method === 'oauth2'
                  ? `{\n    method: 'oauth2',\n    requiredScopes: ${t.scopesConst},\n    provider: ${jsonLiteral(r.provider, '    ')},\n  }`
                  : jsonLiteral(r, '  ');
              return `  ${escapeForCode(t.tool.name, 'key')}: ${value},\n`;
            })
            .join('')}} as const satisfies Readonly<Record<string, MetaAuthorizationDeclaration>>`,
        },
      ],
    },
  ]);
}

function clientFile(plan: ToolsetPlan): string {
  const client = `${plan.pascal}Client`;
  const userClient = `${plan.pascal}UserClient`;
  const typeImports = plan.tools.flatMap((t) => [t.inputType, t.outputType ?? []].flat());
  const method = (t: ToolPlan, user: boolean) => {
    const token = t.requirement.method !== 'none';
    const options = user
      ? 'options?: CallOptions'
      : token
        ? 'options: TokenCallOptions'
        : 'options?: NoTokenCallOptions';
    return {
      name: t.method,
      isReadonly: true,
      docs: docs(
        `Calls \`${t.tool.name}\`${token && !user ? ' with the user’s token' : ''}.`,
        t.tool.description,
      ),
      type: `(input: ${t.inputType}, ${options}) => Promise<${resultType(t)}>`,
    };
  };
  const call = (t: ToolPlan, user: boolean) => {
    const name = escapeForCode(t.tool.name, 'literal');
    const token = t.requirement.method !== 'none';
    const how = user ? 'viaSource(tokens, ' : token ? 'withToken(' : 'withoutToken(';
    return `    ${t.method}: (input, options) =>\n      ${how}target, ${name}, input, options) as Promise<${resultType(t)}>,\n`;
  };
  const shared = {
    kind: StructureKind.Function,
    returnType: 'Promise<ToolCallResult>',
  } satisfies Partial<FunctionDeclarationStructure>;
  return printTypeScript([
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '@toolscope/core/runtime',
      namedImports: [
        'type CallOptions',
        'invokeTool',
        'invokeToolWithSource',
        'type TokenSource',
        'type ToolCallResult',
        'type ToolCallTarget',
      ],
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: './requirements.js',
      namedImports: ['toolRequirements'],
    },
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: './types.js',
      namedImports: [...typeImports, 'StructuredResult'].sort(),
    },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: 'TokenCallOptions',
      docs: docs('Options of a call to an oauth2 or apiKey tool: the user’s token is required.'),
      type: 'CallOptions & { readonly token: string }',
    },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: 'NoTokenCallOptions',
      docs: docs('Options of a call to a none tool: a token is not accepted.'),
      type: 'CallOptions & { readonly token?: never }',
    },
    {
      kind: StructureKind.TypeAlias,
      name: 'ToolName',
      type: 'keyof typeof toolRequirements',
    },
    {
      ...shared,
      name: 'withToken',
      parameters: [
        { name: 'target', type: 'ToolCallTarget' },
        { name: 'name', type: 'ToolName' },
        { name: 'input', type: 'Record<string, unknown>' },
        { name: 'options', type: 'TokenCallOptions' },
      ],
      statements: [
        'const { token, ...callOptions } = options;',
        'return invokeTool(target, { name, arguments: input, requirement: toolRequirements[name] }, token, callOptions);',
      ],
    },
    {
      ...shared,
      name: 'withoutToken',
      parameters: [
        { name: 'target', type: 'ToolCallTarget' },
        { name: 'name', type: 'ToolName' },
        { name: 'input', type: 'Record<string, unknown>' },
        { name: 'options', type: 'CallOptions | undefined' },
      ],
      statements: [
        'return invokeTool(target, { name, arguments: input, requirement: toolRequirements[name] }, undefined, options);',
      ],
    },
    {
      ...shared,
      name: 'viaSource',
      parameters: [
        { name: 'tokens', type: 'TokenSource' },
        { name: 'target', type: 'ToolCallTarget' },
        { name: 'name', type: 'ToolName' },
        { name: 'input', type: 'Record<string, unknown>' },
        { name: 'options', type: 'CallOptions | undefined' },
      ],
      statements: [
        'return invokeToolWithSource(target, { name, arguments: input, requirement: toolRequirements[name] }, tokens, options);',
      ],
    },
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: client,
      docs: docs(
        `Typed methods for \`${plan.toolset.name}\`: a token is required exactly when the tool needs one.`,
      ),
      properties: plan.tools.map((t) => method(t, false)),
    },
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: userClient,
      docs: docs(
        `Typed methods for \`${plan.toolset.name}\` bound to one user: tokens come from a token source.`,
      ),
      properties: plan.tools.map((t) => method(t, true)),
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: `create${client}`,
      docs: docs(
        'Wraps an MCP client (the SDK `Client` or anything with its `callTool`); authorization errors arrive as `AuthorizationRequiredError` / `InsufficientAuthorizationError`.',
      ),
      parameters: [{ name: 'target', type: 'ToolCallTarget' }],
      returnType: client,
      statements: `return {\n${plan.tools.map((t) => call(t, false)).join('')}  };`,
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: `create${userClient}`,
      docs: docs(
        'Wraps an MCP client for one end user: each call asks the token source for the tool’s token, and retries once when the source handles an authorization error.',
      ),
      parameters: [
        { name: 'target', type: 'ToolCallTarget' },
        { name: 'tokens', type: 'TokenSource' },
      ],
      returnType: userClient,
      statements: `return {\n${plan.tools.map((t) => call(t, true)).join('')}  };`,
    },
  ]);
}

function clientTypesFile(plan: ToolsetPlan): string {
  return printTypeScript([
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: '@toolscope/core/runtime',
      namedImports: ['ToolCallResult'],
    },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: 'StructuredResult',
      typeParameters: ['O'],
      docs: docs(
        'A result of a tool with an output schema: structured content unless the tool reported an error.',
      ),
      type: "Omit<ToolCallResult, 'isError' | 'structuredContent'> & ({ readonly isError?: false; readonly structuredContent: O } | { readonly isError: true; readonly structuredContent?: Record<string, unknown> })",
    },
    ...toolsetTypeStatements(plan),
  ]);
}

/** The client helpers package's sources: types, requirements, and the typed clients. */
export const clientEmitter: Emitter = (plan) => {
  const typeNames = [
    ...plan.defTypes.values(),
    ...plan.tools.flatMap((t) => [t.inputType, t.outputType ?? []].flat()),
    'StructuredResult',
  ].sort();
  return [
    { path: 'src/types.ts', contents: clientTypesFile(plan) },
    { path: 'src/requirements.ts', contents: requirementsFile(plan) },
    { path: 'src/client.ts', contents: clientFile(plan) },
    {
      path: 'src/index.ts',
      contents: printTypeScript([
        {
          kind: StructureKind.ExportDeclaration,
          moduleSpecifier: '@toolscope/core/runtime',
          namedExports: [
            'AuthorizationError',
            'AuthorizationRequiredError',
            'InsufficientAuthorizationError',
            'type TokenSource',
          ],
        },
        {
          kind: StructureKind.ExportDeclaration,
          moduleSpecifier: './client.js',
          namedExports: [
            `create${plan.pascal}Client`,
            `create${plan.pascal}UserClient`,
            'type NoTokenCallOptions',
            `type ${plan.pascal}Client`,
            `type ${plan.pascal}UserClient`,
            'type TokenCallOptions',
          ],
        },
        {
          kind: StructureKind.ExportDeclaration,
          moduleSpecifier: './requirements.js',
          namedExports: ['toolRequirements', ...plan.tools.map((t) => t.scopesConst)].sort(),
        },
        {
          kind: StructureKind.ExportDeclaration,
          isTypeOnly: true,
          moduleSpecifier: './types.js',
          namedExports: typeNames,
        },
      ]),
    },
  ];
};
