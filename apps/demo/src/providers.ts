import type { IssuerOptions } from '@toolscope/auth-server';
import { ToolscopeError } from '@toolscope/core';
import { loadManifests, type ManifestIR } from '@toolscope/manifest';

/** The shipped manifests' IR, or an error that names the first diagnostic. */
export async function loadShippedManifests(folder: string): Promise<ManifestIR> {
  const loaded = await loadManifests(folder);
  if (loaded.ir === undefined) {
    const first = loaded.diagnostics.find((d) => d.severity === 'error');
    throw new ToolscopeError(
      'MANIFEST_INVALID',
      `The shipped manifests do not load: ${first?.message}`,
      {
        location: { file: first?.file ?? folder, line: first?.line ?? 1 },
      },
    );
  }
  return loaded.ir;
}

/** The agent's public client, registered on every issuer. */
export const DEMO_CLIENT_ID = 'toolscope-demo-agent';

/**
 * One issuer per OAuth provider of the manifests, each with the provider's
 * scope catalog and its loopback stand-in as the only resource. A provider
 * without a stand-in stops the demo rather than being silently left out.
 */
export function demoIssuers(
  ir: ManifestIR,
  localResources: Readonly<Record<string, string>>,
  redirectUri: string,
): IssuerOptions[] {
  const issuers = new Map<string, IssuerOptions>();
  for (const toolset of ir.toolsets) {
    for (const provider of toolset.providers) {
      if (provider.type !== 'oauth2' || issuers.has(provider.id)) continue;
      const indicator = localResources[provider.id];
      if (indicator === undefined) {
        throw new ToolscopeError(
          'PROVIDER_UNKNOWN',
          `The demo has no local stand-in for provider "${provider.id}".`,
          { hint: 'Add it to the demo services and to localResources in apps/demo.' },
        );
      }
      issuers.set(provider.id, {
        id: provider.id,
        resources: [{ indicator, scopes: provider.scopes.map((s) => s.name) }],
        clients: [{ clientId: DEMO_CLIENT_ID, authMethod: 'none', redirectUris: [redirectUri] }],
      });
    }
  }
  return [...issuers.values()];
}

/** The header the orders manifest says its API key travels in. */
export function apiKeyHeader(ir: ManifestIR, providerId: string): string {
  for (const toolset of ir.toolsets) {
    const provider = toolset.providers.find((p) => p.id === providerId);
    if (provider?.type === 'apiKey') return provider.headerName;
  }
  throw new ToolscopeError(
    'PROVIDER_UNKNOWN',
    `No apiKey provider "${providerId}" in the manifests.`,
  );
}
