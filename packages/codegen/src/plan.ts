import type { ProviderInfo, ToolRequirement } from '@toolscope/core';
import type { ManifestIR, ProviderIR, ToolIR, ToolsetIR } from '@toolscope/manifest';
import { fillPattern, PACKAGE_KINDS } from './config/index.js';
import { BUILTIN_PLUGIN_OBJECTS } from './emit/plugins.js';
import { camelCase, NameRegistry, pascalCase } from './names.js';
import type {
  AnyPlugin,
  PackagePlan,
  ReservedNames,
  ResolvedConfig,
  ToolPlan,
  ToolsetPlan,
} from './types.js';

// The plan types live in ./types.js with the config and plugin types they refer to.
export type { PackagePlan, ToolPlan, ToolsetPlan } from './types.js';

// TypeScript's own global names, which a generated file may use. The names
// each output imports or declares come from its plugin's `reserves`.
const LANGUAGE_TYPES = ['Array', 'Promise', 'Record', 'Readonly'];

/** What the planner needs of a plugin: the names it reserves and its package kind. */
export type PlannedPlugin = Pick<AnyPlugin, 'reserves' | 'package'>;

const BUILTIN_PLANNED: readonly PlannedPlugin[] = Object.values(BUILTIN_PLUGIN_OBJECTS);

function reservedBy(plugins: readonly PlannedPlugin[], toolset: string): Required<ReservedNames> {
  const context = { toolset, pascal: pascalCase(toolset), camel: camelCase(toolset) };
  const types: string[] = [...LANGUAGE_TYPES];
  const values: string[] = [];
  for (const plugin of plugins) {
    const names =
      typeof plugin.reserves === 'function' ? plugin.reserves(context) : (plugin.reserves ?? {});
    types.push(...(names.types ?? []));
    values.push(...(names.values ?? []));
  }
  return { types, values };
}

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

/**
 * Decides every name of one toolset, deterministically (sorted claim order),
 * keeping clear of the names the plugins reserve (default: the built-in three).
 */
export function planToolset(
  toolset: ToolsetIR,
  config: ResolvedConfig,
  plugins: readonly PlannedPlugin[] = BUILTIN_PLANNED,
): ToolsetPlan {
  const pascal = pascalCase(toolset.name);
  const reserved = reservedBy(plugins, toolset.name);
  const types = new NameRegistry(reserved.types);
  const defTypes = new Map<string, string>();
  for (const def of [...toolset.defs].sort(byName)) {
    defTypes.set(def.name, types.claim(pascalCase(def.name)));
  }
  const methods = new NameRegistry();
  const values = new NameRegistry(reserved.values);
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
  const kinds = new Set<string>([...PACKAGE_KINDS, ...plugins.map((p) => p.package)]);
  const packages = Object.fromEntries(
    [...kinds].map((kind) => {
      const values = { scope: config.scope, toolset: toolset.name, kind };
      const plan: PackagePlan = {
        kind,
        name: fillPattern(config.packageName, values),
        dir: fillPattern(config.packageDir, values),
      };
      return [kind, plan];
    }),
  ) as ToolsetPlan['packages'];
  return { toolset, pascal, defTypes, tools, packages };
}

/** Plans every toolset of the IR, in the IR's (sorted) order. */
export function planManifest(
  ir: ManifestIR,
  config: ResolvedConfig,
  plugins: readonly PlannedPlugin[] = BUILTIN_PLANNED,
): ToolsetPlan[] {
  return [...ir.toolsets].sort(byName).map((t) => planToolset(t, config, plugins));
}
