import type { Agent } from '@toolscope/client';
import { unionScopes } from '@toolscope/core';
import type { DemoAgentConfig } from './config.js';
import { authorizeUser, type OnboardingContext } from './onboarding.js';
import { fingerprint } from './secrets.js';
import { summarizeResult } from './wire-tap.js';
import { connectWithOneReauthorization } from './workspace-authorization.js';
import {
  challengeParam,
  connectWorkspace,
  type HttpChallenge,
  httpStatusOf,
  type WorkspaceConnection,
} from './workspace-connection.js';

const USER = 'alice';

/**
 * First-party tools in spec-native header mode (wire-protocol.md §5): alice's token
 * for this MCP server rides in `Authorization`, a missing token is an HTTP
 * 401 that points at the RFC 9728 metadata, a missing scope an HTTP 403
 * that names the scopes; the agent reacts to both and retries.
 */
export async function runWorkspaceStep(
  config: DemoAgentConfig,
  agent: Agent,
  context: OnboardingContext,
): Promise<void> {
  const t = context.transcript;
  const session = agent.forUser(USER);
  const resource = config.resources['self'] ?? config.workspaceUrl;
  const connectionToken = async () => {
    const held = await agent.vault.getTokens(USER, 'self', resource);
    context.secrets.record(held?.accessToken);
    return held?.accessToken;
  };
  const attempt = async () => {
    const token = await connectionToken();
    t.say(
      USER,
      `connects with connection token ${token === undefined ? '(none)' : fingerprint(token)}`,
    );
    return connectWorkspace(config.workspaceUrl, token);
  };
  const reauthorize = async (refusal: HttpChallenge) => {
    const metadataUrl = challengeParam(refusal.header, 'resource_metadata') ?? '';
    const metadata = (await (await fetch(metadataUrl)).json()) as {
      resource: string;
      authorization_servers: string[];
    };
    t.say(
      'agent',
      `reads ${metadataUrl}: resource ${metadata.resource}, authorization server ${metadata.authorization_servers[0]}`,
    );
    await authorizeUser(session, 'self', ['notes:read'], context);
  };
  const connect = () => connectWithOneReauthorization(attempt, reauthorize, t);
  const call = async (connection: WorkspaceConnection, name: string, args = {}) => {
    t.say(USER, `→ ${name} (connection token in the Authorization header)`);
    const result = (await connection.client.callTool({ name, arguments: args })) as {
      structuredContent?: Record<string, unknown>;
    };
    t.say(USER, `← ${name}: ${summarizeResult(result.structuredContent ?? {})}`);
  };

  t.step(`First-party tools in header mode at ${config.workspaceUrl}`);
  let connection = await connect();
  await call(connection, 'workspace_listNotes');
  const note = { title: 'Follow-ups', body: 'Send the Acme proposal', tags: ['sales'] };
  try {
    await call(connection, 'workspace_createNote', note);
  } catch (error) {
    const header = connection.challenge();
    if (httpStatusOf(error) !== 403 || header === undefined) throw error;
    t.say('server', `HTTP 403, WWW-Authenticate: ${header}`);
    const held = (await agent.vault.getTokens(USER, 'self', resource))?.scopes ?? [];
    const needed = (challengeParam(header, 'scope') ?? '').split(' ').filter(Boolean);
    t.say('agent', `steps up: ${USER} at self with held ∪ challenged scopes`);
    await authorizeUser(session, 'self', unionScopes(held, needed), context);
    await connection.close();
    connection = await connect();
    t.say('agent', 'retries workspace_createNote once');
    await call(connection, 'workspace_createNote', note);
  }
  await connection.close();
}
