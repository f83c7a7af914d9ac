import { SELF_PROVIDER_ID, type ToolDefinition } from '@toolscope/core';
import type { RegisterToolsOptions, ServerProvider } from './types.js';
import type { UpstreamTarget } from './upstream.js';

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
  options: RegisterToolsOptions,
): ServerProvider | undefined {
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

/** Where the upstream fetch of a provider goes. */
export function upstreamTarget(provider: ServerProvider): UpstreamTarget {
  return {
    providerId: provider.id,
    method: provider.type,
    resource: provider.resource,
    headerName: provider.headerName,
    valuePrefix: provider.valuePrefix,
  };
}
