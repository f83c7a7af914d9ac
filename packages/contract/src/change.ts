/** Building classified changes from rules. */
import type { SourcePosition } from '@toolscope/manifest';
import { type ClassificationRule, CONTRACT_RULES, type ContractRuleId } from './rules.js';
import type { ContractChange } from './types.js';

/** What a change says beyond its rule. */
export interface ChangeFacts {
  readonly tool?: string;
  readonly subject: string;
  readonly message: string;
  readonly before?: SourcePosition | undefined;
  readonly after?: SourcePosition | undefined;
}

/** A change classified by the given rule. */
export function classified(
  rule: string,
  by: ClassificationRule,
  facts: ChangeFacts,
): ContractChange {
  return {
    rule,
    level: by.level,
    parties: by.parties,
    ...(facts.tool === undefined ? {} : { tool: facts.tool }),
    subject: facts.subject,
    message: facts.message,
    why: by.why,
    location: {
      ...(facts.before ? { before: facts.before } : {}),
      ...(facts.after ? { after: facts.after } : {}),
    },
  };
}

/** A change classified by one of the contract rules. */
export function contractChange(rule: ContractRuleId, facts: ChangeFacts): ContractChange {
  return classified(rule, CONTRACT_RULES[rule], facts);
}
