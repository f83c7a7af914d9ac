/**
 * From the manifests' IR to what `registerTools` takes, the way a generated
 * server package declares it: the same definitions (requirement, schemas,
 * http mapping) and provider configs, with no generated code in between.
 */

import {
  type ProviderInfo,
  type ToolDefinition,
  type ToolRequirement,
  ToolscopeError,
} from '@toolscope/core';
import type { ManifestIR, ProviderIR, ToolIR, VerifierIR } from '@toolscope/manifest';
import type { ProviderConfig, RegistrableTool, VerifierConfig } from '@toolscope/server';
import type { HttpEndpointOptions } from '@toolscope/server/v2';

type ConnectionAuthOptions = NonNullable<HttpEndpointOptions<unknown>['connectionAuth']>;

import type { ServeConfig } from './config.js';

/** The public provider facts a tool declares, as the generator writes them. */
function providerInfo(provider: ProviderIR): ProviderInfo {
  if (provider.type === 'apiKey') {
    return { id: provider.id, resource: provider.resource, headerName: provider.headerName };
  }
  return {
    id: provider.id,
    issuer: provider.issuer,
    ...(provider.authorizationEndpoint === undefined
      ? {}
      : { authorizationEndpoint: provider.authorizationEndpoint }),
    ...(provider.tokenEndpoint === undefined ? {} : { tokenEndpoint: provider.tokenEndpoint }),
    resource: provider.resource,
  };
}

function requirementOf(tool: ToolIR, providers: ReadonlyMap<string, ProviderIR>): ToolRequirement {
  const auth = tool.authorization;
  if (auth.method === 'none') return { method: 'none' };
  const provider = providers.get(auth.provider) as ProviderIR;
  return auth.method === 'oauth2'
    ? { method: 'oauth2', requiredScopes: auth.requiredScopes, provider: providerInfo(provider) }
    : { method: 'apiKey', provider: providerInfo(provider) };
}

function definitionOf(tool: ToolIR, providers: ReadonlyMap<string, ProviderIR>): ToolDefinition {
  return {
    name: tool.name,
    ...(tool.title === undefined ? {} : { title: tool.title }),
    ...(tool.description === undefined ? {} : { description: tool.description }),
    inputSchema: tool.inputSchema,
    ...(tool.outputSchema === undefined ? {} : { outputSchema: tool.outputSchema }),
    ...(tool.annotations === undefined ? {} : { annotations: tool.annotations }),
    requirement: requirementOf(tool, providers),
    ...(tool.http === undefined ? {} : { http: tool.http }),
  };
}

type Env = Readonly<Record<string, string | undefined>>;

function secretFrom(env: Env, name: string, provider: string, where: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new ToolscopeError(
      'VERIFIER_MISCONFIGURED',
      `The provider "${provider}" authenticates to its introspection endpoint with a client secret, but the environment variable ${name} is not set.`,
      { hint: `Set ${name} in the environment of toolscope serve (${where} names it).` },
    );
  }
  return value;
}

type ServeVerifier = NonNullable<NonNullable<ServeConfig['providers']>[string]['verifier']>;

/** A manifest or serve-config verifier as the runtime takes it, the client secret read from its variable. */
function runtimeVerifier(
  v: VerifierIR | ServeVerifier,
  provider: string,
  env: Env,
  where: string,
): VerifierConfig {
  if (v.kind !== 'introspection') return v;
  const { clientSecretEnv, ...rest } = v;
  return {
    ...rest,
    ...(clientSecretEnv === undefined
      ? {}
      : { clientSecret: secretFrom(env, clientSecretEnv, provider, where) }),
  };
}

function providerConfig(
  provider: ProviderIR,
  override: NonNullable<ServeConfig['providers']>[string] | undefined,
  env: Env,
): ProviderConfig {
  const resource = override?.resource ?? provider.resource;
  if (provider.type === 'apiKey') {
    return {
      id: provider.id,
      type: 'apiKey',
      resource,
      headerName: provider.headerName,
      ...(provider.valuePrefix === undefined ? {} : { valuePrefix: provider.valuePrefix }),
    };
  }
  const verifier =
    override?.verifier === undefined
      ? runtimeVerifier(provider.verifier, provider.id, env, 'the manifest')
      : runtimeVerifier(override.verifier, provider.id, env, `serve.providers.${provider.id}`);
  return {
    id: provider.id,
    type: 'oauth2',
    issuer: override?.issuer ?? provider.issuer,
    resource,
    verifier,
  };
}

/** What `toolscope serve` registers. */
export interface ServedTools {
  readonly tools: readonly RegistrableTool[];
  readonly providers: Readonly<Record<string, ProviderConfig>>;
  readonly toolsets: number;
}

/**
 * The declarative tools of the manifests, with their providers. Every tool
 * must have an `http` mapping: `serve` runs no handler code, so a tool
 * without one is a CONFIG_INVALID naming it and where it is declared.
 */
export function servedTools(
  ir: ManifestIR,
  config: ServeConfig,
  configFile: string | undefined,
  env: Env,
): ServedTools {
  const missing = ir.toolsets.flatMap((toolset) =>
    toolset.tools.filter((tool) => tool.http === undefined),
  );
  if (missing.length > 0) {
    const [first] = missing as [ToolIR, ...ToolIR[]];
    const list = missing
      .map((t) => `${t.name} (${t.source.file}:${t.source.line}:${t.source.column})`)
      .join(', ');
    throw new ToolscopeError(
      'CONFIG_INVALID',
      `toolscope serve runs declarative tools only, and ${missing.length === 1 ? 'this tool has' : `${missing.length} tools have`} no http mapping: ${list}.`,
      {
        location: first.source,
        hint: 'Give each an `http` mapping (method, path, ...) in its manifest, or serve only the manifests whose tools all have one; a tool with handler code needs a generated server.',
      },
    );
  }
  const known = new Map<string, ProviderIR>();
  const tools: RegistrableTool[] = [];
  for (const toolset of ir.toolsets) {
    const providers = new Map(toolset.providers.map((p) => [p.id, p]));
    for (const provider of toolset.providers) {
      const twin = known.get(provider.id);
      const facts = (p: ProviderIR) => JSON.stringify({ ...p, source: undefined });
      if (twin !== undefined && facts(twin) !== facts(provider)) {
        throw new ToolscopeError(
          'CONFIG_INVALID',
          `Two served toolsets declare the provider "${provider.id}" differently.`,
          {
            location: provider.source,
            hint: 'Serve them separately, or make the two declarations the same.',
          },
        );
      }
      known.set(provider.id, provider);
    }
    for (const tool of toolset.tools) tools.push({ definition: definitionOf(tool, providers) });
  }
  for (const id of Object.keys(config.providers ?? {})) {
    if (!known.has(id)) {
      throw new ToolscopeError(
        'CONFIG_INVALID',
        `serve.providers names "${id}", which no served manifest declares.`,
        {
          ...(configFile === undefined
            ? {}
            : { location: { file: configFile, pointer: `/serve/providers/${id}` } }),
          hint: `The served providers are ${[...known.keys()].map((k) => `"${k}"`).join(', ') || 'none'}.`,
        },
      );
    }
  }
  const providers = Object.fromEntries(
    [...known].map(([id, p]) => [id, providerConfig(p, config.providers?.[id], env)]),
  );
  return { tools, providers, toolsets: ir.toolsets.length };
}

/** Header mode's options from `serve.connectionAuth`, the client secret read from its variable. */
export function connectionAuthOf(
  auth: NonNullable<ServeConfig['connectionAuth']>,
  tools: readonly RegistrableTool[],
  env: Env,
): ConnectionAuthOptions {
  return {
    resource: auth.resource,
    issuer: auth.issuer,
    authorizationServers: auth.authorizationServers ?? [auth.issuer],
    verifier: runtimeVerifier(
      auth.verifier,
      'connection',
      env,
      'serve.connectionAuth',
    ) as ConnectionAuthOptions['verifier'],
    tools,
    ...(auth.scopesSupported === undefined ? {} : { scopesSupported: auth.scopesSupported }),
    ...(auth.resourceMetadataUrl === undefined
      ? {}
      : { resourceMetadataUrl: auth.resourceMetadataUrl }),
  };
}
