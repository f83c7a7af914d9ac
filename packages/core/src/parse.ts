import { z } from 'zod';
import { type TokenFormProblem, tokenFormProblem } from './token-form.js';
import type { AuthErrorData, CallAuthorization, MetaAuthorizationDeclaration } from './types.js';
import { AUTH_ERROR_KINDS, META_AUTHORIZATION_KEY } from './wire.js';

const providerInfoSchema = z.object({
  id: z.string().min(1),
  issuer: z.string().optional(),
  authorizationEndpoint: z.string().optional(),
  tokenEndpoint: z.string().optional(),
  resource: z.string().optional(),
  headerName: z.string().optional(),
});

/** Parser for `params._meta.authorization` as it arrives on `tools/call`. */
export const callAuthorizationSchema = z.object({
  method: z.string(),
  token: z.string().optional(),
});

/** Parser for `_meta["io.toolscope/authorization"]` read from `tools/list`. */
export const metaDeclarationSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('none') }),
  z.object({
    method: z.literal('oauth2'),
    requiredScopes: z.array(z.string()),
    provider: providerInfoSchema,
  }),
  z.object({ method: z.literal('apiKey'), provider: providerInfoSchema }),
]);

/** Parser for the proposal's top-level `authorization` field. */
export const authorizationDeclarationSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('none') }),
  z.object({ method: z.literal('oauth2'), requiredScopes: z.array(z.string()).default([]) }),
  z.object({ method: z.literal('apiKey') }),
]);

/** Parser for `securitySchemes` (Apps SDK / SEP-1488). */
export const securitySchemesSchema = z.array(
  z.union([
    z.object({ type: z.literal('noauth') }),
    z.object({ type: z.literal('oauth2'), scopes: z.array(z.string()).default([]) }),
    z.object({ type: z.literal('apiKey') }),
  ]),
);

/** Parser for authorization error `data` (wire-protocol.md §3). */
export const authErrorDataSchema = z.object({
  tool: z.string(),
  error: z.enum(AUTH_ERROR_KINDS),
  reason: z.string(),
  authorization: z.discriminatedUnion('method', [
    z.object({ method: z.literal('none') }),
    z.object({
      method: z.literal('oauth2'),
      requiredScopes: z.array(z.string()),
      provider: z.object({ id: z.string() }),
    }),
    z.object({ method: z.literal('apiKey'), provider: z.object({ id: z.string() }) }),
  ]),
});

/**
 * Outcome of reading `_meta.authorization` from a call. `absent`: no token
 * (wire-protocol.md §3, -32001). `malformed`: a token is there but its `method` is
 * missing or not a string, which the server answers as `method_mismatch` (-32003).
 * `noncanonical`: the token is not spelled in its one accepted form (surrounding
 * whitespace, control characters, an over-long token, or a JWS with padding or
 * stray bits), answered as `invalid_token` (-32003) before any verifier runs.
 */
export type CallAuthorizationReading =
  | { readonly kind: 'absent' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'noncanonical'; readonly problem: TokenFormProblem }
  | { readonly kind: 'present'; readonly method: string; readonly token: string };

/**
 * Reads `_meta.authorization` from a request's `_meta` without ever throwing.
 * Whether a token was sent is decided first, from the token alone: "no
 * `_meta.authorization`, or no token in it" is -32001 whatever else it holds.
 * It runs on every `tools/call`, so it checks the shape by hand rather than
 * through a zod parse (which dominated enforcement cost in `pnpm bench`).
 * `formProblem` is the spelling check (`tokenFormProblem` by default); a caller
 * that keeps each token's verdict (the server's per-token cache) passes its look-up.
 */
export function readCallAuthorization(
  meta: unknown,
  formProblem: (token: string) => TokenFormProblem | undefined = tokenFormProblem,
): CallAuthorizationReading {
  if (meta === null || typeof meta !== 'object') return { kind: 'absent' };
  const raw = (meta as Record<string, unknown>)['authorization'];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { kind: 'absent' };
  const { method, token } = raw as Record<string, unknown>;
  if (typeof token !== 'string' || token.length === 0) return { kind: 'absent' };
  if (typeof method !== 'string') return { kind: 'malformed' };
  const problem = formProblem(token);
  if (problem !== undefined) return { kind: 'noncanonical', problem };
  return { kind: 'present', method, token };
}

/** Builds the `_meta` a client sends on `tools/call` for a token-bearing tool. */
export function callMeta(authorization: CallAuthorization): { authorization: CallAuthorization } {
  return { authorization: { method: authorization.method, token: authorization.token } };
}

/**
 * Recognises an authorization error by its `data` (never by the code alone: the
 * SDK's local request timeout is also -32001). Returns the parsed data or undefined.
 */
export function parseAuthErrorData(data: unknown): AuthErrorData | undefined {
  const parsed = authErrorDataSchema.safeParse(data);
  return parsed.success ? (parsed.data as AuthErrorData) : undefined;
}

/**
 * Reads a tool's requirement from a `tools/list` Tool object: the toolscope `_meta`
 * first, then the top-level `authorization`, then `securitySchemes` (wire-protocol.md §1).
 * Provider facts exist only in the first; the others yield `{ id: 'unknown' }`.
 */
export function readToolRequirement(tool: unknown): MetaAuthorizationDeclaration | undefined {
  if (tool === null || typeof tool !== 'object') return undefined;
  const t = tool as Record<string, unknown>;
  const meta = t['_meta'];
  if (meta !== null && typeof meta === 'object') {
    const fromMeta = metaDeclarationSchema.safeParse(
      (meta as Record<string, unknown>)[META_AUTHORIZATION_KEY],
    );
    if (fromMeta.success) return fromMeta.data;
  }
  const top = authorizationDeclarationSchema.safeParse(t['authorization']);
  if (top.success) {
    const d = top.data;
    if (d.method === 'oauth2')
      return { method: 'oauth2', requiredScopes: d.requiredScopes, provider: { id: 'unknown' } };
    if (d.method === 'apiKey') return { method: 'apiKey', provider: { id: 'unknown' } };
    return { method: 'none' };
  }
  const schemesRaw =
    t['securitySchemes'] ??
    (meta !== null && typeof meta === 'object'
      ? (meta as Record<string, unknown>)['securitySchemes']
      : undefined);
  const schemes = securitySchemesSchema.safeParse(schemesRaw);
  if (schemes.success && schemes.data.length > 0) {
    const oauth = schemes.data.find((s) => s.type === 'oauth2');
    if (oauth && oauth.type === 'oauth2')
      return { method: 'oauth2', requiredScopes: oauth.scopes, provider: { id: 'unknown' } };
    if (schemes.data.some((s) => s.type === 'apiKey'))
      return { method: 'apiKey', provider: { id: 'unknown' } };
    return { method: 'none' };
  }
  return undefined;
}
