// The whole browser leg of an authorization, run headlessly against the real
// oidc-provider of apps/auth-server, completed on the user's session.
import { loginHeadless } from '@toolscope/auth-server';
import type { AuthorizationOutcome, UserSession } from '../src/agent/session.js';

/** Starts an authorization on the session, logs `user` in (password `<user>-password`) and completes it. */
export async function authorizeHeadless(
  session: UserSession,
  provider: string,
  scopes: readonly string[],
  user = 'alice',
): Promise<AuthorizationOutcome> {
  const { url } = await session.authorizationUrl(provider, scopes);
  const callback = await loginHeadless({
    authorizationUrl: url,
    username: user,
    password: `${user}-password`,
  });
  return session.completeAuthorization(callback);
}
