import { tsLiteral } from '../escape.js';
import type { Emitter, ToolPlan, ToolsetPlan } from '../types.js';
import {
  constStatement,
  jsonConstStatement,
  type SharedValues,
  sharedRequirement,
  sharedValues,
} from './definition-statement.js';
import { type Doc, list } from './layout.js';
import { CodeRef, jsonDoc, objectDoc, propertyDoc } from './literal.js';
import { commentDoc } from './schema-types.js';
import { providersFile } from './server.js';
import { functionStatement, functionType, interfaceDoc, typeReference } from './statements.js';
import { joinDocs, toolsetTypeStatements } from './types.js';
import { laidOut, namedModuleStatement, printTypeScript, StructureKind } from './typescript.js';

function resultType(t: ToolPlan): Doc | undefined {
  return t.outputType === undefined ? undefined : typeReference('StructuredResult', [t.outputType]);
}

function requirementsFile(plan: ToolsetPlan, shared: SharedValues): string {
  return printTypeScript([
    ...(shared.providers.length === 0
      ? []
      : [
          {
            kind: StructureKind.ImportDeclaration,
            namespaceImport: 'providers',
            moduleSpecifier: './providers.js',
          } as const,
        ]),
    ...plan.tools.map((t) =>
      constStatement(
        `Scopes \`${t.tool.name}\` needs, to ask the user for up front.`,
        `export const ${t.scopesConst}`,
        jsonDoc(t.requirement.method === 'oauth2' ? t.requirement.requiredScopes : []),
        ' as const',
      ),
    ),
    // No `satisfies`: checking the literal against the declaration union cost a
    // tenth of the type-check at 1,000 tools; `toolClient`'s parameter checks
    // the same shape where the table is used.
    jsonConstStatement(
      "Each tool's requirement with its provider's public facts: what onboarding asks the user to authorize.",
      'export const toolRequirements',
      Object.fromEntries(
        plan.tools.map((t) => {
          const requirement = sharedRequirement(t, shared);
          const value =
            t.requirement.method === 'oauth2'
              ? { ...(requirement as object), requiredScopes: new CodeRef(t.scopesConst) }
              : requirement;
          return [t.tool.name, value];
        }),
      ),
      ' as const',
    ),
  ]);
}

/** A typed method's signature, as an interface member. */
function methodMember(t: ToolPlan, user: boolean): Doc {
  const token = t.requirement.method !== 'none';
  const options = user
    ? 'options?: CallOptions'
    : token
      ? 'options: TokenCallOptions'
      : 'options?: NoTokenCallOptions';
  return [
    commentDoc(
      joinDocs([
        `Calls \`${t.tool.name}\`${token && !user ? ' with the user’s token' : ''}.`,
        t.tool.description,
      ]),
    ),
    `readonly ${t.method}: `,
    functionType(
      [`input: ${t.inputType}`, options],
      typeReference('Promise', [resultType(t) ?? 'ToolCallResult']),
    ),
    ';',
  ];
}

/** `method: 'tool_name'`: one entry of the method table the clients are built from. */
function methodEntry(t: ToolPlan): Doc {
  return propertyDoc(t.method, tsLiteral(t.tool.name), true);
}

function clientFile(plan: ToolsetPlan): string {
  const client = `${plan.pascal}Client`;
  const userClient = `${plan.pascal}UserClient`;
  const typeImports = plan.tools.flatMap((t) => [t.inputType, t.outputType ?? []].flat());
  const methods = new Set(plan.tools.map((t) => t.requirement.method));
  const anyOutput = plan.tools.some((t) => t.outputType !== undefined);
  const anyPlain = plan.tools.some((t) => t.outputType === undefined);
  return printTypeScript([
    namedModuleStatement('import', '@toolscope/core/runtime', [
      'type CallOptions',
      ...(methods.has('none') ? ['type NoTokenCallOptions'] : []),
      ...(anyOutput ? ['type StructuredResult'] : []),
      ...(methods.has('oauth2') || methods.has('apiKey') ? ['type TokenCallOptions'] : []),
      'type TokenSource',
      ...(anyPlain ? ['type ToolCallResult'] : []),
      'type ToolCallTarget',
      'type ToolMethods',
      'toolClient',
      'userToolClient',
    ]),
    namedModuleStatement('import', './requirements.js', ['toolRequirements']),
    ...(typeImports.length === 0
      ? []
      : [namedModuleStatement('import', './types.js', typeImports, true)]),
    laidOut([
      commentDoc(
        `Typed methods for \`${plan.toolset.name}\`: a token is required exactly when the tool needs one.`,
      ),
      interfaceDoc(
        `export interface ${client}`,
        plan.tools.map((t) => methodMember(t, false)),
      ),
    ]),
    laidOut([
      commentDoc(
        `Typed methods for \`${plan.toolset.name}\` bound to one user: tokens come from a token source.`,
      ),
      interfaceDoc(
        `export interface ${userClient}`,
        plan.tools.map((t) => methodMember(t, true)),
      ),
    ]),
    constStatement(
      'Each method and the tool it calls: the table both clients are built from.',
      `const methods: ToolMethods<${client}, keyof typeof toolRequirements>`,
      objectDoc(plan.tools.map(methodEntry)),
    ),
    functionStatement({
      doc: 'Wraps an MCP client (the SDK `Client` of either line, or anything with its `callTool`); authorization errors arrive as `AuthorizationRequiredError` / `InsufficientAuthorizationError`.',
      head: `export function create${client}`,
      parameters: ['target: ToolCallTarget'],
      returnType: client,
      body: [
        [
          'return ',
          `toolClient<${client}>`,
          list('(', ['target', 'toolRequirements', 'methods'], ')'),
          ';',
        ],
      ],
    }),
    functionStatement({
      doc: 'Wraps an MCP client for one end user: each call asks the token source for the tool’s token, and retries once when the source handles an authorization error.',
      head: `export function create${userClient}`,
      parameters: ['target: ToolCallTarget', 'tokens: TokenSource'],
      returnType: userClient,
      body: [
        [
          'return ',
          `userToolClient<${userClient}>`,
          list('(', ['target', 'toolRequirements', 'tokens', 'methods'], ')'),
          ';',
        ],
      ],
    }),
  ]);
}

/** The client helpers package's sources: types, requirements, and the typed clients. */
export const clientEmitter: Emitter = (plan) => {
  const shared = sharedValues(plan);
  const typeNames = [
    ...plan.defTypes.values(),
    ...plan.tools.flatMap((t) => [t.inputType, t.outputType ?? []].flat()),
  ];
  return [
    { path: 'src/types.ts', contents: printTypeScript(toolsetTypeStatements(plan)) },
    ...(shared.providers.length === 0
      ? []
      : [{ path: 'src/providers.ts', contents: providersFile(shared) }]),
    { path: 'src/requirements.ts', contents: requirementsFile(plan, shared) },
    { path: 'src/client.ts', contents: clientFile(plan) },
    {
      path: 'src/index.ts',
      contents: printTypeScript([
        namedModuleStatement('export', '@toolscope/core/runtime', [
          'AuthorizationError',
          'AuthorizationRequiredError',
          'InsufficientAuthorizationError',
          'type NoTokenCallOptions',
          'type StructuredResult',
          'type TokenCallOptions',
          'type TokenSource',
        ]),
        namedModuleStatement('export', './client.js', [
          `create${plan.pascal}Client`,
          `create${plan.pascal}UserClient`,
          `type ${plan.pascal}Client`,
          `type ${plan.pascal}UserClient`,
        ]),
        namedModuleStatement('export', './requirements.js', [
          'toolRequirements',
          ...plan.tools.map((t) => t.scopesConst),
        ]),
        ...(typeNames.length === 0
          ? []
          : [namedModuleStatement('export', './types.js', typeNames, true)]),
      ]),
    },
  ];
};
