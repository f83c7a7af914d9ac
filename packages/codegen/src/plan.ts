import type { ProviderInfo, ToolRequirement } from '@toolscope/core';
import type { ManifestIR, ProviderIR, ToolIR, ToolsetIR } from '@toolscope/manifest';
import {
  fillPattern,
  PACKAGE_KINDS,
  type PackageKind,
  type ResolvedConfig,
} from './config/index.js';
import { camelCase, NameRegistry, pascalCase } from './names.js';

/** One generated package of a toolset. */
export interface PackagePlan {
  readonly kind: PackageKind;
  /** npm name, e.g. `@acme/zoom-server`. */
  readonly name: string;
  /** Directory relative to the output directory, e.g. `zoom-server`. */
  readonly dir: string;
}

/** One tool with every name the emitters use for it. */
export interface ToolPlan {
  readonly tool: ToolIR;
  /** Client method and handler key: camelCase of the tool name, unique in the toolset. */
  readonly method: string;
  readonly inputType: string;
  /** Only when the tool declares an output schema. */
  readonly outputType: string | undefined;
  /** Name of the `as const` scope tuple. */
  readonly scopesConst: string;
  /** The requirement with the provider's public facts, as the wire declares it. */
  readonly requirement: ToolRequirement;
}

/** A toolset with its names decided: what every emitter reads. */
export interface ToolsetPlan {
  readonly toolset: ToolsetIR;
  /** `KitchenSink` for `kitchen-sink`. */
  readonly pascal: string;
  /** Type name of each `$defs` entry. */
  readonly defTypes: ReadonlyMap<string, string>;
  readonly tools: readonly ToolPlan[];
  readonly packages: Readonly<Record<PackageKind, PackagePlan>>;
}

// Names the generated files import or declare themselves; manifest-derived
// type names must never shadow them.
const RESERVED_TYPES = [
  'AuthorizedTool',
  'CallOptions',
  'CallToolResult',
  'NoneToolContext',
  'ProviderConfig',
  'StructuredResult',
  'TokenSource',
  'TokenToolContext',
  'ToolCallResult',
  'ToolCallTarget',
  'ToolDefinition',
  'ToolscopeServerOptions',
  'MetaAuthorizationDeclaration',
  'NoTokenCallOptions',
  'TokenCallOptions',
  'ToolName',
  'Array',
  'Promise',
  'Record',
  'Readonly',
];

/** The public provider facts a tool's declaration carries (never secrets). */
export function providerInfo(provider: ProviderIR): ProviderInfo {
  if (provider.type === 'apiKey') {
    return { id: provider.id, resource: provider.resource, headerName: provider.headerName };
  }
  return {
    id: provider.id,
    issuer: provider.issuer,
    authorizationEndpoint: provider.authorizationEndpoint,
    tokenEndpoint: provider.tokenEndpoint,
    resource: provider.resource,
  };
}

function requirementOf(tool: ToolIR, providers: ReadonlyMap<string, ProviderIR>): ToolRequirement {
  const auth = tool.authorization;
  if (auth.method === 'none') return { method: 'none' };
  const provider = providers.get(auth.provider);
  // The loader rejects unknown providers; an id-only provider keeps a hand-built IR usable.
  const info = provider === undefined ? { id: auth.provider } : providerInfo(provider);
  return auth.method === 'oauth2'
    ? { method: 'oauth2', requiredScopes: auth.requiredScopes, provider: info }
    : { method: 'apiKey', provider: info };
}

const byName = <T extends { readonly name: string }>(a: T, b: T) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/** Decides every name of one toolset, deterministically (sorted claim order). */
export function planToolset(toolset: ToolsetIR, config: ResolvedConfig): ToolsetPlan {
  const pascal = pascalCase(toolset.name);
  const types = new NameRegistry([
    ...RESERVED_TYPES,
    `${pascal}Handlers`,
    `${pascal}Client`,
    `${pascal}UserClient`,
  ]);
  const defTypes = new Map<string, string>();
  for (const def of [...toolset.defs].sort(byName)) {
    defTypes.set(def.name, types.claim(pascalCase(def.name)));
  }
  const methods = new NameRegistry();
  const values = new NameRegistry([
    'toolDefinitions',
    'toolRequirements',
    `${camelCase(toolset.name)}Providers`,
  ]);
  const providers = new Map(toolset.providers.map((p) => [p.id, p]));
  const tools = [...toolset.tools].sort(byName).map((tool): ToolPlan => {
    const method = methods.claim(camelCase(tool.name));
    const typeBase = pascalCase(method);
    return {
      tool,
      method,
      inputType: types.claim(`${typeBase}Input`),
      outputType: tool.output === undefined ? undefined : types.claim(`${typeBase}Output`),
      scopesConst: values.claim(`${method}Scopes`),
      requirement: requirementOf(tool, providers),
    };
  });
  const packages = Object.fromEntries(
    PACKAGE_KINDS.map((kind) => {
      const values = { scope: config.scope, toolset: toolset.name, kind };
      const plan: PackagePlan = {
        kind,
        name: fillPattern(config.packageName, values),
        dir: fillPattern(config.packageDir, values),
      };
      return [kind, plan];
    }),
  ) as Record<PackageKind, PackagePlan>;
  return { toolset, pascal, defTypes, tools, packages };
}

/** Plans every toolset of the IR, in the IR's (sorted) order. */
export function planManifest(ir: ManifestIR, config: ResolvedConfig): ToolsetPlan[] {
  return [...ir.toolsets].sort(byName).map((t) => planToolset(t, config));
}
