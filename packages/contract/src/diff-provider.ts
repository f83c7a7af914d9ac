/** Changes to a toolset's providers: identity, endpoints, verifier, key holding and text. */
import type { ProviderIR } from '@toolscope/manifest';
import { contractChange } from './change.js';
import type { ContractRuleId } from './rules.js';
import { jsonEqual } from './schema/json.js';
import type { ContractChange } from './types.js';

type Field = readonly [key: string, rule: ContractRuleId];

const OAUTH2_FIELDS: readonly Field[] = [
  ['issuer', 'provider-identity-changed'],
  ['resource', 'provider-identity-changed'],
  ['authorizationEndpoint', 'provider-endpoint-changed'],
  ['tokenEndpoint', 'provider-endpoint-changed'],
  ['verifier', 'provider-verifier-changed'],
  ['title', 'provider-text'],
  ['description', 'provider-text'],
];

const API_KEY_FIELDS: readonly Field[] = [
  ['holder', 'provider-holder-changed'],
  ['resource', 'provider-forwarding-changed'],
  ['headerName', 'provider-forwarding-changed'],
  ['valuePrefix', 'provider-forwarding-changed'],
  ['title', 'provider-text'],
  ['description', 'provider-text'],
];

/** The changes between two versions of a provider with the same id. */
export function diffProvider(a: ProviderIR, b: ProviderIR): ContractChange[] {
  const subject = `provider ${b.id}`;
  const facts = { subject, before: a.source, after: b.source };
  if (a.type !== b.type) {
    // The tools that use it report the method change; this names the cause.
    return [
      contractChange('provider-identity-changed', {
        ...facts,
        message: `type changed from ${a.type} to ${b.type}`,
      }),
    ];
  }
  const out: ContractChange[] = [];
  const fields = a.type === 'oauth2' ? OAUTH2_FIELDS : API_KEY_FIELDS;
  const left = a as unknown as Record<string, unknown>;
  const right = b as unknown as Record<string, unknown>;
  for (const [key, rule] of fields) {
    if (jsonEqual(left[key], right[key])) continue;
    // Text and URLs are public facts of a provider, never secrets, but text can be long.
    const shown =
      rule === 'provider-text' || key === 'verifier'
        ? `${key} changed`
        : `${key} changed from ${String(left[key] ?? 'unset')} to ${String(right[key] ?? 'unset')}`;
    out.push(contractChange(rule, { ...facts, message: shown }));
  }
  if (a.type === 'oauth2' && b.type === 'oauth2') {
    const before = new Map(a.scopes.map((s) => [s.name, s]));
    for (const scope of b.scopes) {
      const old = before.get(scope.name);
      if (old && old.description !== scope.description) {
        out.push(
          contractChange('provider-text', {
            subject,
            message: `the description of the scope "${scope.name}" changed`,
            before: old.source,
            after: scope.source,
          }),
        );
      }
    }
  }
  return out;
}
