import type { RequestListener } from 'node:http';
import { type BearerOptions, bearerAuthentication, type TokenCaller } from './bearer.js';
import { createApi, type Route } from './http-kit.js';

interface Contact {
  id: string;
  name: string;
  email: string;
  company: string;
}
interface Lead {
  id: string;
  owner: string;
  status: 'new' | 'working' | 'qualified' | 'disqualified';
  score: number;
  contact: Contact;
}
interface Opportunity {
  id: string;
  owner: string;
  name: string;
  stage: 'prospecting' | 'proposal' | 'negotiation' | 'won' | 'lost';
  amount: number;
  currency: string;
  contacts: Contact[];
}

const contacts: Contact[] = [
  { id: 'c-1', name: 'Dana Ortiz', email: 'dana@acme.example', company: 'Acme' },
  { id: 'c-2', name: 'Lee Park', email: 'lee@globex.example', company: 'Globex' },
  { id: 'c-3', name: 'Sam Quinn', email: 'sam@initech.example', company: 'Initech' },
];

const publicLead = ({ owner: _owner, ...lead }: Lead) => lead;
const publicOpportunity = ({ owner: _owner, ...opportunity }: Opportunity) => opportunity;

/**
 * The CRM API: every route checks the token (this API as audience, the
 * route's scopes), and each salesperson sees only the leads and
 * opportunities they own.
 */
export function createCrmApi(options: BearerOptions): RequestListener {
  const leads: Lead[] = [
    { id: 'l-1', owner: 'alice', status: 'working', score: 72, contact: contacts[0]! },
    { id: 'l-2', owner: 'alice', status: 'new', score: 40, contact: contacts[1]! },
    { id: 'l-3', owner: 'bob', status: 'new', score: 55, contact: contacts[2]! },
  ];
  const opportunities: Opportunity[] = [
    {
      id: 'o-1',
      owner: 'bob',
      name: 'Initech renewal',
      stage: 'proposal',
      amount: 12000,
      currency: 'EUR',
      contacts: [contacts[2]!],
    },
  ];
  const ownLead = (caller: TokenCaller, id: string | undefined) =>
    leads.find((l) => l.id === id && l.owner === caller.user);
  const routes: Route<TokenCaller>[] = [
    {
      method: 'GET',
      path: /^\/leads$/,
      scopes: ['crm.leads.read', 'crm.contacts.read'],
      handle: ({ caller, query }) => {
        const text = (query.get('query') ?? '').toLowerCase();
        const status = query.get('status');
        const found = leads.filter(
          (l) =>
            l.owner === caller.user &&
            (status === null || l.status === status) &&
            `${l.contact.name} ${l.contact.company}`.toLowerCase().includes(text),
        );
        return { status: 200, body: { leads: found.map(publicLead) } };
      },
    },
    {
      method: 'POST',
      path: /^\/leads\/(?<id>[\w-]+)\/qualify$/,
      scopes: ['crm.leads.write', 'crm.opportunities.write'],
      handle: ({ caller, params, body }) => {
        const lead = ownLead(caller, params['id']);
        if (lead === undefined) return { status: 404, body: { error: 'lead_not_found' } };
        lead.status = 'qualified';
        const opportunity: Opportunity = {
          id: `o-${opportunities.length + 1}`,
          owner: caller.user,
          name: typeof body['opportunityName'] === 'string' ? body['opportunityName'] : lead.id,
          stage: 'prospecting',
          amount: typeof body['amount'] === 'number' ? body['amount'] : 0,
          currency: 'EUR',
          contacts: [lead.contact],
        };
        opportunities.push(opportunity);
        return {
          status: 200,
          body: { lead: publicLead(lead), opportunity: publicOpportunity(opportunity) },
        };
      },
    },
    {
      method: 'GET',
      path: /^\/contacts\/(?<id>[\w-]+)$/,
      scopes: ['crm.contacts.read'],
      handle: ({ params }) => {
        const contact = contacts.find((c) => c.id === params['id']);
        return contact === undefined
          ? { status: 404, body: { error: 'contact_not_found' } }
          : { status: 200, body: { contact } };
      },
    },
    {
      method: 'GET',
      path: /^\/opportunities$/,
      scopes: ['crm.opportunities.read', 'crm.contacts.read'],
      handle: ({ caller }) => ({
        status: 200,
        body: {
          opportunities: opportunities
            .filter((o) => o.owner === caller.user)
            .map(publicOpportunity),
        },
      }),
    },
    {
      method: 'PATCH',
      path: /^\/opportunities\/(?<id>[\w-]+)$/,
      scopes: ['crm.opportunities.read', 'crm.opportunities.write'],
      handle: ({ caller, params, body }) => {
        const found = opportunities.find((o) => o.id === params['id'] && o.owner === caller.user);
        if (found === undefined) return { status: 404, body: { error: 'opportunity_not_found' } };
        if (typeof body['stage'] === 'string') found.stage = body['stage'] as Opportunity['stage'];
        return { status: 200, body: { opportunity: publicOpportunity(found) } };
      },
    },
  ];
  return createApi(routes, bearerAuthentication(options));
}
