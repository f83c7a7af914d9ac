import type {
  AuthorizationDeclaration,
  MetaAuthorizationDeclaration,
  MetaAuthorizationDeclarationForError,
  ProviderInfo,
  SecurityScheme,
  ToolDeclarationFields,
  ToolDefinition,
  ToolRequirement,
} from './types.js';
import { META_AUTHORIZATION_KEY } from './wire.js';

/** Keeps only the public provider facts, in a fixed key order, dropping undefined fields. */
export function publicProviderInfo(provider: ProviderInfo): ProviderInfo {
  const out: { -readonly [K in keyof ProviderInfo]: ProviderInfo[K] } = { id: provider.id };
  if (provider.issuer !== undefined) out.issuer = provider.issuer;
  if (provider.authorizationEndpoint !== undefined)
    out.authorizationEndpoint = provider.authorizationEndpoint;
  if (provider.tokenEndpoint !== undefined) out.tokenEndpoint = provider.tokenEndpoint;
  if (provider.resource !== undefined) out.resource = provider.resource;
  if (provider.headerName !== undefined) out.headerName = provider.headerName;
  return out;
}

/** The proposal's top-level `authorization` field. */
export function toAuthorizationDeclaration(req: ToolRequirement): AuthorizationDeclaration {
  switch (req.method) {
    case 'none':
      return { method: 'none' };
    case 'oauth2':
      return { method: 'oauth2', requiredScopes: [...req.requiredScopes] };
    case 'apiKey':
      return { method: 'apiKey' };
  }
}

/** `_meta["io.toolscope/authorization"]`: the declaration plus public provider facts. */
export function toMetaDeclaration(req: ToolRequirement): MetaAuthorizationDeclaration {
  switch (req.method) {
    case 'none':
      return { method: 'none' };
    case 'oauth2':
      return {
        method: 'oauth2',
        requiredScopes: [...req.requiredScopes],
        provider: publicProviderInfo(req.provider),
      };
    case 'apiKey':
      return { method: 'apiKey', provider: publicProviderInfo(req.provider) };
  }
}

/** The requirement as echoed in error `data` (provider reduced to its id). */
export function toErrorDeclaration(req: ToolRequirement): MetaAuthorizationDeclarationForError {
  switch (req.method) {
    case 'none':
      return { method: 'none' };
    case 'oauth2':
      return {
        method: 'oauth2',
        requiredScopes: [...req.requiredScopes],
        provider: { id: req.provider.id },
      };
    case 'apiKey':
      return { method: 'apiKey', provider: { id: req.provider.id } };
  }
}

/** OpenAI Apps SDK / SEP-1488 `securitySchemes`. */
export function toSecuritySchemes(req: ToolRequirement): SecurityScheme[] {
  switch (req.method) {
    case 'none':
      return [{ type: 'noauth' }];
    case 'oauth2':
      return [{ type: 'oauth2', scopes: [...req.requiredScopes] }];
    case 'apiKey':
      return [{ type: 'apiKey' }];
  }
}

/** Renders one requirement into all three places wire-protocol.md §1 lists. */
export function renderDeclaration(req: ToolRequirement): ToolDeclarationFields {
  const securitySchemes = toSecuritySchemes(req);
  return {
    authorization: toAuthorizationDeclaration(req),
    securitySchemes,
    _meta: {
      [META_AUTHORIZATION_KEY]: toMetaDeclaration(req),
      securitySchemes,
    },
  };
}

/**
 * The Tool object a server lists in `tools/list` for a definition, with its
 * requirement in all three places (wire-protocol.md §1). The server sends it and the
 * generated docs publish it as `tools.json`, so both come from here.
 */
export function toListedTool(definition: ToolDefinition): Record<string, unknown> {
  const declaration = renderDeclaration(definition.requirement);
  return {
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
}
