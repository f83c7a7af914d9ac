import { createHash } from 'node:crypto';
import {
  type JsonSchemaObject,
  SELF_PROVIDER_ID,
  type ToolDefinition,
  toListedTool,
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

/** The Tool object of `tools/list`, carrying the requirement in all three places (wire-protocol.md §1). */
export function listEntry(definition: ToolDefinition): Record<string, unknown> {
  let entry = listEntries.get(definition);
  if (entry === undefined) {
    entry = toListedTool(definition);
    listEntries.set(definition, entry);
  }
  return entry;
}

/** True for tools whose provider is the MCP server's own authorization server (wire-protocol.md §5). */
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

/** How many distinct serializable verifier configurations keep a shared verifier. */
const MAX_SHARED_VERIFIERS = 256;
const verifiersByContent = new Map<string, ToolTokenVerifier>();

/**
 * What identifies a verifier configuration. A jwt or introspection config is
 * plain data, so it is keyed by its content: per-request servers, generated
 * `register*Tools` and secrets resolved from the environment rebuild these
 * objects on every registration, while the JWKS and result caches must outlive
 * one request. The content is hashed, so no client secret is kept as a key. A
 * custom config holds a function and is keyed by the object itself.
 */
function contentKey(provider: ProviderConfig, config: VerifierConfig): string | undefined {
  if (config.kind === 'custom') return undefined;
  const fields = Object.entries(config).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify([provider.id, provider.issuer, provider.resource, fields]))
    .digest('hex');
}

/** The verifier of a provider, shared by every server built with an equal configuration. */
export function verifierFor(provider: ProviderConfig): ToolTokenVerifier | undefined {
  const config: VerifierConfig | undefined = provider.verifier;
  // Opaque: nothing to verify, and no promise to await on the hot path.
  if (config === undefined || config.kind === 'opaque') return undefined;
  const build = () =>
    createToolTokenVerifier(config, {
      providerId: provider.id,
      issuer: provider.issuer,
      audience: provider.resource,
    });
  const key = contentKey(provider, config);
  if (key === undefined) {
    const target = `${provider.id}\u0000${provider.issuer ?? ''}\u0000${provider.resource ?? ''}`;
    let byTarget = verifiersByConfig.get(config);
    if (byTarget === undefined) {
      byTarget = new Map();
      verifiersByConfig.set(config, byTarget);
    }
    let verifier = byTarget.get(target);
    if (verifier === undefined) {
      verifier = build();
      byTarget.set(target, verifier);
    }
    return verifier;
  }
  let verifier = verifiersByContent.get(key);
  if (verifier === undefined) {
    verifier = build();
    verifiersByContent.set(key, verifier);
    // Oldest first: an application that makes endless distinct configs cannot grow this.
    if (verifiersByContent.size > MAX_SHARED_VERIFIERS) {
      const oldest = verifiersByContent.keys().next().value;
      if (oldest !== undefined) verifiersByContent.delete(oldest);
    }
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
