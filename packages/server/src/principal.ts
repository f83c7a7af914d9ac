import { createHash } from 'node:crypto';
import { tokenFingerprint } from './verifiers/cache.js';

/** What `principalKey` reads: the SDK's AuthInfo shape, as the connection guard fills it. */
export interface PrincipalSource {
  readonly token: string;
  readonly clientId?: string | undefined;
  readonly extra?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * The identity an HTTP session is bound to (issue 11, class 5): issuer, subject
 * and client id together, so two client-credentials tokens without `sub` from
 * two clients, or one subject at two issuers, never share a session. A token
 * that names neither a subject nor a client binds the session to itself.
 * Returns a SHA-256 digest; nothing in it can be read back.
 */
export function principalKey(authInfo: PrincipalSource, issuer?: string): string {
  const extra = authInfo.extra ?? {};
  const subject = typeof extra['subject'] === 'string' ? extra['subject'] : undefined;
  const fromExtra = typeof extra['issuer'] === 'string' ? extra['issuer'] : undefined;
  const clientId =
    authInfo.clientId !== undefined && authInfo.clientId.length > 0 ? authInfo.clientId : undefined;
  const parts: (string | null)[] = [
    'toolscope.principal.v1',
    issuer ?? fromExtra ?? null,
    subject ?? null,
    clientId ?? null,
  ];
  if (subject === undefined && clientId === undefined) parts.push(tokenFingerprint(authInfo.token));
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}
