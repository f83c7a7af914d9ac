import {
  type JsonSchemaObject,
  renderDeclaration,
  SELF_PROVIDER_ID,
  type ToolDefinition,
} from '@toolscope/core';
import { createSchemaCompiler, type SchemaCheck } from './schema.js';
import type { ProviderConfig, ToolscopeServerOptions, VerifierConfig } from './types.js';
import type { UpstreamTarget } from './upstream.js';
import { createToolTokenVerifier, type ToolTokenVerifier } from './verifiers/index.js';

/*
 * Stateless HTTP builds a new Server for every request, so whatever is costly to
 * build (compiled schemas, tools/list entries, verifiers with their JWKS and
 * result caches) is cached here per definition or per configuration object.
 */
const compile = createSchemaCompiler();
const schemaChecks = new WeakMap<JsonSchemaObject, SchemaCheck>();
const listEntries = new WeakMap<ToolDefinition, Record<string, unknown>>();
const verifiersByConfig = new WeakMap<object, Map<string, ToolTokenVerifier>>();

/** The compiled validator of a schema, built once per schema object. */
export function schemaCheck(schema: JsonSchemaObject, label: string): SchemaCheck {
  let check = schemaChecks.get(schema);
  if (check === undefined) {
    check = compile(schema, label);
    schemaChecks.set(schema, check);
  }
  return check;
}

/** The Tool object of `tools/list`, carrying the requirement in all three places (WIRE.md §1). */
export function listEntry(definition: ToolDefinition): Record<string, unknown> {
  let entry = listEntries.get(definition);
  if (entry === undefined) {
    const declaration = renderDeclaration(definition.requirement);
    entry = {
      name: definition.name,
      ...(definition.title === undefined ? {} : { title: definition.title }),
      ...(definition.description === undefined ? {} : { description: definition.description }),
      inputSchema: definition.inputSchema,
      ...(definition.outputSchema === undefined ? {} : { outputSchema: definition.outputSchema }),
      ...(definition.annotations === undefined ? {} : { annotations: definition.annotations }),
      authorization: declaration.authorization,
      securitySchemes: declaration.securitySchemes,
      _meta: declaration._meta,
    };
    listEntries.set(definition, entry);
  }
  return entry;
}

/** True for tools whose provider is the MCP server's own authorization server (WIRE.md §5). */
export function isSelfTool(definition: ToolDefinition): boolean {
  return (
    definition.requirement.method !== 'none' &&
    definition.requirement.provider.id === SELF_PROVIDER_ID
  );
}

/** The provider's runtime config: the app's, else the public facts the definition carries. */
export function providerConfig(
  definition: ToolDefinition,
  options: ToolscopeServerOptions,
): ProviderConfig | undefined {
  const req = definition.requirement;
  if (req.method === 'none') return undefined;
  const configured = options.providers?.[req.provider.id];
  return {
    id: req.provider.id,
    type: req.method,
    issuer: configured?.issuer ?? req.provider.issuer,
    resource: configured?.resource ?? req.provider.resource,
    headerName: configured?.headerName ?? req.provider.headerName,
    valuePrefix: configured?.valuePrefix,
    verifier: configured?.verifier,
  };
}

/**
 * The verifier of a provider, shared by every server built with the same verifier
 * config object. Keyed by that object (not by the options container), because
 * per-request servers and generated `register*Tools` rebuild the options each time
 * while the config objects (module-level constants) stay the same, and the JWKS
 * and result caches must outlive one request.
 */
export function verifierFor(provider: ProviderConfig): ToolTokenVerifier | undefined {
  const config: VerifierConfig | undefined = provider.verifier;
  // Opaque: nothing to verify, and no promise to await on the hot path.
  if (config === undefined || config.kind === 'opaque') return undefined;
  const key = `${provider.id}\u0000${provider.issuer ?? ''}\u0000${provider.resource ?? ''}`;
  const owner: object = config;
  let byProvider = verifiersByConfig.get(owner);
  if (byProvider === undefined) {
    byProvider = new Map();
    verifiersByConfig.set(owner, byProvider);
  }
  let verifier = byProvider.get(key);
  if (verifier === undefined) {
    verifier = createToolTokenVerifier(config, {
      providerId: provider.id,
      issuer: provider.issuer,
      audience: provider.resource,
    });
    byProvider.set(key, verifier);
  }
  return verifier;
}

/** Where the upstream fetch of a provider goes. */
export function upstreamTarget(provider: ProviderConfig): UpstreamTarget {
  return {
    providerId: provider.id,
    method: provider.type,
    resource: provider.resource,
    headerName: provider.headerName,
    valuePrefix: provider.valuePrefix,
  };
}
