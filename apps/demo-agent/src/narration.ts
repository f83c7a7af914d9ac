import type { UserSession } from '@toolscope/client';
import type { AuthorizationError, TokenSourceObject } from '@toolscope/core';
import type { Transcript } from './transcript.js';

/**
 * A user's token source that says what the agent does about an authorization
 * error (wire-protocol.md §6) before handing it to the session, which refreshes or asks
 * the application (the demo's hook) to authorize again.
 */
export function narratedSession(session: UserSession, transcript: Transcript): TokenSourceObject {
  return {
    getToken: session.getToken,
    async onAuthorizationError(error: AuthorizationError, request) {
      transcript.say(
        'agent',
        `reacts to ${error.kind} from ${error.tool}: refresh if a refresh token can help, else re-authorize`,
      );
      const retry = await session.onAuthorizationError(error, request);
      transcript.say(
        'agent',
        retry ? `retries ${error.tool} once` : `does not retry ${error.tool}`,
      );
      return retry;
    },
  };
}
