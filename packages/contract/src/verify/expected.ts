/** What a server built from a manifest lists for each tool, rendered by core's own `toListedTool`. */
import {
  type JsonSchemaObject,
  type ProviderInfo,
  type ToolRequirement,
  toListedTool,
} from '@toolscope/core';
import type { ProviderIR, ToolIR, ToolsetIR } from '@toolscope/manifest';

/** The public facts of a provider a declaration carries, as the generator renders them. */
function providerFacts(provider: ProviderIR | undefined, id: string): ProviderInfo {
  if (provider === undefined) return { id };
  if (provider.type === 'apiKey') {
    return { id, resource: provider.resource, headerName: provider.headerName };
  }
  return {
    id,
    issuer: provider.issuer,
    ...(provider.authorizationEndpoint === undefined
      ? {}
      : { authorizationEndpoint: provider.authorizationEndpoint }),
    ...(provider.tokenEndpoint === undefined ? {} : { tokenEndpoint: provider.tokenEndpoint }),
    resource: provider.resource,
  };
}

/** A tool's requirement with its provider's public facts. */
export function requirementOf(toolset: ToolsetIR, tool: ToolIR): ToolRequirement {
  const auth = tool.authorization;
  if (auth.method === 'none') return { method: 'none' };
  const provider = providerFacts(
    toolset.providers.find((p) => p.id === auth.provider),
    auth.provider,
  );
  if (auth.method === 'apiKey') return { method: 'apiKey', provider };
  return { method: 'oauth2', requiredScopes: [...auth.requiredScopes], provider };
}

/** The Tool object the manifest promises in `tools/list`. */
export function expectedListedTool(toolset: ToolsetIR, tool: ToolIR): Record<string, unknown> {
  return toListedTool({
    name: tool.name,
    ...(tool.title === undefined ? {} : { title: tool.title }),
    ...(tool.description === undefined ? {} : { description: tool.description }),
    inputSchema: tool.inputSchema as unknown as JsonSchemaObject,
    ...(tool.outputSchema === undefined
      ? {}
      : { outputSchema: tool.outputSchema as unknown as JsonSchemaObject }),
    ...(tool.annotations === undefined ? {} : { annotations: tool.annotations }),
    requirement: requirementOf(toolset, tool),
  });
}
