import { ToolscopeError } from '@toolscope/core';
import type { Transcript } from './transcript.js';
import type { HttpChallenge, WorkspaceConnection } from './workspace-connection.js';

/**
 * The endpoint still refused the connection token after the one
 * re-authorization wire-protocol.md §6 allows. Carries the status and the challenge
 * header, which name scopes and metadata, never a token.
 */
export class WorkspaceAuthorizationError extends ToolscopeError {
  override readonly name = 'WorkspaceAuthorizationError';
  readonly status: number;
  readonly challenge: string;

  constructor(refusal: HttpChallenge) {
    super(
      'TOKEN_REJECTED',
      `The workspace endpoint still answered HTTP ${refusal.status} after one re-authorization.`,
      { hint: 'The authorization server granted a token this endpoint does not accept.' },
    );
    this.status = refusal.status;
    this.challenge = refusal.header;
  }
}

/**
 * Connects, and on an HTTP 401/403 lets `reauthorize` react once, then
 * connects again. A second refusal goes into the transcript and is thrown as
 * a WorkspaceAuthorizationError: the agent never loops (wire-protocol.md §6 step 3).
 */
export async function connectWithOneReauthorization(
  attempt: () => Promise<WorkspaceConnection | HttpChallenge>,
  reauthorize: (refusal: HttpChallenge) => Promise<void>,
  transcript: Transcript,
): Promise<WorkspaceConnection> {
  const first = await attempt();
  if (!('status' in first)) return first;
  transcript.say('server', `HTTP ${first.status}, WWW-Authenticate: ${first.header}`);
  await reauthorize(first);
  const second = await attempt();
  if (!('status' in second)) return second;
  transcript.say('server', `HTTP ${second.status}, WWW-Authenticate: ${second.header}`);
  const error = new WorkspaceAuthorizationError(second);
  transcript.say('agent', `the caller gets ${error.name} (${error.message}); no loop`);
  throw error;
}
