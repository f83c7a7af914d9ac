import type { AuthErrorPayload, ToolRequirement } from '@toolscope/core';

/** The `_meta` key of SEP-2643's denial envelope (draft). */
export const META_DENIAL_KEY = 'io.modelcontextprotocol/authorization';

/**
 * The denial envelope of the draft "Structured Authorization Denials"
 * (SEP-2643, as its pull request stood in September 2026): the one reason the
 * draft defines, and a remediation hint naming what a new credential for the
 * tool's provider must carry. Draft: the hint's shape may still change, which
 * is why toolscope's own `data` rides along under `io.toolscope/authorization-error`
 * and toolscope clients read that.
 */
export function denialEnvelope(
  payload: AuthErrorPayload,
  requirement: ToolRequirement,
): Record<string, unknown> {
  if (requirement.method === 'none') return { reason: 'insufficient_authorization' };
  const provider = requirement.provider;
  const hint: Record<string, unknown> = {
    type: requirement.method === 'oauth2' ? 'oauth2_scope' : 'api_key',
    provider: provider.id,
    ...(requirement.method === 'oauth2' ? { scope: requirement.requiredScopes.join(' ') } : {}),
    ...(provider.issuer === undefined ? {} : { issuer: provider.issuer }),
    ...(provider.resource === undefined ? {} : { resource: provider.resource }),
  };
  return {
    reason: 'insufficient_authorization',
    error: payload.data.error,
    remediationHints: [hint],
  };
}
