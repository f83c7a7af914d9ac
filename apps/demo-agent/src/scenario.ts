import type { AuthorizationRequiredHook } from '@toolscope/client';
import { AuthorizationError } from '@toolscope/core';
import { createCrmUserClient } from '@toolscope-demo/crm-client';
import { createOrdersUserClient } from '@toolscope-demo/orders-client';
import { createZoomUserClient } from '@toolscope-demo/zoom-client';
import { createDemoAgent } from './agent-setup.js';
import type { DemoAgentConfig } from './config.js';
import { narratedSession } from './narration.js';
import { authorizeUser, type OnboardingContext } from './onboarding.js';
import { SecretRecorder } from './secrets.js';
import { runStdioStep } from './stdio-step.js';
import type { Transcript } from './transcript.js';
import { tapCalls } from './wire-tap.js';
import { runWorkspaceStep } from './workspace-step.js';

/** Runs the whole story against running servers and tells it in the transcript. */
export async function runScenario(config: DemoAgentConfig, t: Transcript): Promise<void> {
  const secrets = new SecretRecorder(config.tokenLogFile);
  for (const key of Object.values(config.departmentKeys)) secrets.record(key);
  // Users who have not connected a provider yet: the agent asks them instead of retrying.
  const notYetConnected = new Set(['bob:crm']);
  let context: OnboardingContext | undefined;
  const onAuthorizationRequired: AuthorizationRequiredHook = async (request) => {
    const who = `${request.userId}:${request.provider}`;
    if (request.reason === 'missing_token' && notYetConnected.has(who)) {
      t.say(
        'agent',
        `${request.userId} has no ${request.provider} token: sends ${request.userId} a sign-in link instead of guessing`,
      );
      return false;
    }
    t.say(
      'agent',
      `steps up: ${request.userId} at ${request.provider} with held ∪ required = [${request.scopes.join(' ')}]`,
    );
    await authorizeUser(request.session, request.provider, request.scopes, context!);
    return true;
  };
  const demo = await createDemoAgent(config, onAuthorizationRequired);
  const { agent } = demo;
  context = {
    transcript: t,
    secrets,
    resources: config.resources,
    readTokens: (user, provider, resource) => agent.vault.getTokens(user, provider, resource),
  };
  const user = (name: string) => {
    const session = narratedSession(agent.forUser(name), t);
    const target = tapCalls(demo.client, name, t, secrets);
    return {
      session: agent.forUser(name),
      zoom: createZoomUserClient(target, session),
      crm: createCrmUserClient(target, session),
      orders: createOrdersUserClient(target, session),
    };
  };
  const alice = user('alice');
  const bob = user('bob');
  const expectError = async (call: Promise<unknown>) => {
    try {
      await call;
      t.say('agent', 'unexpected: the call succeeded');
    } catch (error) {
      if (!(error instanceof AuthorizationError)) throw error;
      t.say('agent', `the caller gets ${error.name} (code ${error.code}, ${error.kind}); no loop`);
    }
  };

  try {
    t.step(`The agent connects to ${config.mcpUrl} and lists the tools`);
    const listed = await demo.client.listTools();
    const methods = new Map<string, number>();
    for (const tool of listed.tools) {
      const meta = tool._meta?.['io.toolscope/authorization'] as { method?: string } | undefined;
      const method = meta?.method ?? '?';
      methods.set(method, (methods.get(method) ?? 0) + 1);
    }
    const counts = [...methods].map(([m, n]) => `${n} ${m}`).join(', ');
    t.say('server', `${listed.tools.length} tools (${counts}), each declaring its authorization`);
    t.say('agent', `vault: SQLite file ${demo.vaultFile}, AES-256-GCM sealed`);
    t.say(
      'agent',
      `department API keys stored as tenant keys: ${Object.entries(config.departments)
        .map(([u, d]) => `${u} → ${d}`)
        .join(', ')}`,
    );

    t.step('Onboarding: alice and bob sign in with different scopes');
    await authorizeUser(
      alice.session,
      'zoom',
      ['meeting:read:list_meetings', 'meeting:read:list_past_participants'],
      context,
    );
    await authorizeUser(alice.session, 'crm', ['crm.leads.read', 'crm.contacts.read'], context);
    await authorizeUser(
      bob.session,
      'zoom',
      ['meeting:read:list_meetings', 'meeting:read:meeting'],
      context,
    );

    t.step('alice and bob call tools at the same time, each with their own token');
    await Promise.all([
      alice.zoom.zoomListMeetings({}),
      bob.zoom.zoomListMeetings({}),
      alice.zoom.zoomListPastMeetingParticipants({ meetingId: '5555555555' }),
      bob.zoom.zoomGetMeeting({ meetingId: '7777777777' }),
      alice.crm.crmSearchLeads({}),
    ]);

    t.step('bob calls a CRM tool but never connected the CRM: -32001');
    await expectError(bob.crm.crmSearchLeads({}));

    t.step('alice qualifies a lead, which needs scopes she lacks: -32003, step-up, retry');
    await alice.crm.crmQualifyLead({
      leadId: 'l-1',
      opportunityName: 'Acme expansion',
      amount: 5000,
    });

    t.step(
      "bob schedules a meeting without the write scope; Zoom tokens are opaque, so Zoom's own API says insufficient_scope: -32003, step-up, retry",
    );
    await bob.zoom.zoomCreateMeeting({ topic: 'Retro', startTime: '2026-06-01T10:00:00Z' });

    t.step(
      'Department API keys, zero-code: the orders tools are declarative (no handler written); the server forwards each department key to the order service',
    );
    await Promise.all([alice.orders.ordersListOrders({}), bob.orders.ordersListOrders({})]);

    t.step('A tool that needs no authorization: no token is sent');
    await alice.zoom.zoomGetServiceStatus({});

    await runWorkspaceStep(config, agent, context);
    if (config.stdio !== undefined) {
      await runStdioStep(config.stdio, alice.session, t, secrets);
    }
    t.step('Done');
    t.note('every step ran; no token was printed (fingerprints are a SHA-256 prefix)');
  } finally {
    await demo.close();
  }
}
