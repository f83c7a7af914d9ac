// The headless subpath: the form driver without loading oidc-provider itself.
import { loginHeadless } from '@toolscope/auth-server/headless';
import type { UserSession } from '@toolscope/client';
import { ToolscopeError } from '@toolscope/core';
import { fingerprint, type SecretRecorder } from './secrets.js';
import type { Transcript } from './transcript.js';

/** The auth server's demo users (its defaults): the agent types them in for the user. */
const DEMO_PASSWORDS: Readonly<Record<string, string>> = {
  alice: 'alice-password',
  bob: 'bob-password',
};

/** What an authorization needs: the agent's vault to show what was stored. */
export interface OnboardingContext {
  readonly transcript: Transcript;
  readonly secrets: SecretRecorder;
  readonly resources: Readonly<Record<string, string>>;
  readonly readTokens: (
    user: string,
    provider: string,
    resource: string,
  ) => Promise<{ accessToken: string; refreshToken?: string | undefined } | undefined>;
}

/**
 * Authorizes one user at one provider through the authorization server's real
 * login and consent forms, driven over HTTP in place of the user's browser
 * (authorization code, PKCE S256, state, resource, iss check), and stores the
 * tokens in the vault.
 */
export async function authorizeUser(
  session: UserSession,
  provider: string,
  scopes: readonly string[],
  context: OnboardingContext,
): Promise<readonly string[]> {
  const password = DEMO_PASSWORDS[session.userId];
  if (password === undefined) {
    throw new ToolscopeError('CONFIG_INVALID', `The demo has no login for "${session.userId}".`);
  }
  const { url } = await session.authorizationUrl(provider, scopes);
  context.transcript.say(
    'agent',
    `sends ${session.userId} to ${new URL(url).origin}${new URL(url).pathname} for ${provider}: ${scopes.join(' ')}`,
  );
  const callback = await loginHeadless({
    authorizationUrl: url,
    username: session.userId,
    password,
  });
  const outcome = await session.completeAuthorization(callback);
  const resource = context.resources[provider] ?? '';
  const held = await context.readTokens(session.userId, provider, resource);
  context.secrets.record(held?.accessToken);
  context.secrets.record(held?.refreshToken);
  const id = held === undefined ? '' : `, access token ${fingerprint(held.accessToken)}`;
  context.transcript.say(
    session.userId,
    `signed in and consented; vault holds ${provider} scopes [${outcome.scopes.join(' ')}]${id}${held?.refreshToken === undefined ? '' : ' + refresh token'}`,
  );
  return outcome.scopes;
}
