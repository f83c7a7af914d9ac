import type { CrmHandlers } from '@toolscope-demo/crm-server';
import { jsonBody, upstreamJson } from './upstream-json.js';

/** The CRM handlers: each forwards the salesperson's token to the CRM API. */
export function crmHandlers(): CrmHandlers {
  return {
    async crmSearchLeads({ query, status }, ctx) {
      const params = new URLSearchParams();
      if (query !== undefined) params.set('query', query);
      if (status !== undefined) params.set('status', status);
      return upstreamJson(await ctx.fetch(`leads?${params}`));
    },
    async crmQualifyLead({ leadId, ...rest }, ctx) {
      return upstreamJson(
        await ctx.fetch(`leads/${encodeURIComponent(leadId)}/qualify`, jsonBody('POST', rest)),
      );
    },
    async crmGetContact({ contactId }, ctx) {
      return upstreamJson(await ctx.fetch(`contacts/${encodeURIComponent(contactId)}`));
    },
    async crmListOpportunities(_input, ctx) {
      return upstreamJson(await ctx.fetch('opportunities'));
    },
    async crmUpdateOpportunityStage({ opportunityId, stage }, ctx) {
      return upstreamJson(
        await ctx.fetch(
          `opportunities/${encodeURIComponent(opportunityId)}`,
          jsonBody('PATCH', { stage }),
        ),
      );
    },
  };
}
