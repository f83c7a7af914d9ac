/**
 * The classification rules: one table, so the diff, the docs guide and the
 * tests read the same thing. Input and output have opposite variance: values
 * flow from callers into an input and from the server out of an output.
 */
import type { Party, ReleaseLevel } from './types.js';

/** One rule: the level a kind of change gets, who it affects and why. */
export interface ClassificationRule {
  readonly level: ReleaseLevel;
  readonly parties: readonly Party[];
  readonly why: string;
}

/** What a schema change does to the set of values a schema accepts. */
export type SchemaEffect =
  | 'narrowed'
  | 'widened'
  | 'incompatible'
  | 'field-removed'
  | 'field-added-optional'
  | 'field-added-required'
  | 'documentation'
  | 'default';

/** Which schema of a tool a change is in. */
export type SchemaSide = 'input' | 'output';

const rule = (level: ReleaseLevel, parties: readonly Party[], why: string): ClassificationRule => ({
  level,
  parties,
  why,
});

/** Schema changes, by side: the rule id is `<side>-<effect>`. */
export const SCHEMA_RULES: Readonly<
  Record<SchemaSide, Readonly<Record<SchemaEffect, ClassificationRule>>>
> = {
  input: {
    narrowed: rule('major', ['callers'], 'calls that were valid before can now be rejected'),
    widened: rule(
      'minor',
      ['implementers'],
      'every existing call stays valid; handlers must accept the new values',
    ),
    incompatible: rule(
      'major',
      ['callers', 'implementers'],
      'existing calls no longer validate and handlers receive a different type',
    ),
    'field-removed': rule(
      'major',
      ['callers'],
      'callers that pass it no longer compile or are rejected',
    ),
    'field-added-optional': rule(
      'minor',
      ['implementers'],
      'existing calls stay valid; handlers may receive it',
    ),
    'field-added-required': rule(
      'major',
      ['callers'],
      'every existing call lacks it and is rejected',
    ),
    documentation: rule('patch', ['callers'], 'only documentation changes'),
    default: rule(
      'minor',
      ['callers'],
      'callers that omit the value get a different behaviour without a type error',
    ),
  },
  output: {
    narrowed: rule(
      'minor',
      ['implementers'],
      'callers still handle every value they can now get; handlers must return the narrower shape',
    ),
    widened: rule(
      'major',
      ['callers'],
      'callers can now receive values their code does not handle',
    ),
    incompatible: rule(
      'major',
      ['callers', 'implementers'],
      'callers receive a different type and handlers must return it',
    ),
    'field-removed': rule('major', ['callers'], 'callers that read it break'),
    'field-added-optional': rule(
      'minor',
      ['callers'],
      'a new field callers may read; existing code is unaffected',
    ),
    'field-added-required': rule(
      'minor',
      ['callers', 'implementers'],
      'a new field callers may read; handlers must now return it',
    ),
    documentation: rule('patch', ['callers'], 'only documentation changes'),
    default: rule('patch', ['callers'], 'a default on an output only documents it'),
  },
};

/** Changes to tools, their authorization and the toolset's providers. */
export const CONTRACT_RULES = {
  'toolset-added': rule('minor', ['callers', 'implementers'], 'a new toolset: new packages'),
  'toolset-removed': rule(
    'major',
    ['callers', 'implementers', 'tokens'],
    'every tool of the toolset disappears',
  ),
  'tool-added': rule(
    'minor',
    ['callers', 'implementers'],
    'callers may use it; the generated server requires its handler',
  ),
  'tool-removed': rule('major', ['callers'], 'calls to it fail and client code no longer compiles'),
  'tool-renamed': rule(
    'major',
    ['callers'],
    'calls to the old name fail and client code no longer compiles',
  ),
  'output-added': rule(
    'minor',
    ['callers', 'implementers'],
    'callers get structured content; handlers must return it',
  ),
  'output-removed': rule('major', ['callers'], 'callers that read the structured content break'),
  'tool-text': rule('patch', ['callers'], 'only the title or description changes'),
  'annotation-changed': rule('patch', ['callers'], 'a hint for clients changes'),
  'annotation-riskier': rule(
    'minor',
    ['callers'],
    'clients that auto-approve read-only or non-destructive tools will now ask the user',
  ),
  'method-changed': rule(
    'major',
    ['callers', 'implementers', 'tokens'],
    'the credential a call carries changes: client signatures change and held tokens no longer fit',
  ),
  'provider-changed': rule(
    'major',
    ['tokens', 'implementers'],
    "users' tokens are for the old provider; they must authorize with the new one",
  ),
  'scope-added': rule(
    'major',
    ['tokens'],
    "existing users' tokens lack the scope; the agent must ask them to consent again",
  ),
  'scope-removed': rule(
    'minor',
    ['tokens'],
    'existing tokens still carry the scope; the tool simply asks for less',
  ),
  'provider-identity-changed': rule(
    'major',
    ['tokens'],
    'tokens are checked against the issuer and audience: tokens issued before are rejected',
  ),
  'provider-endpoint-changed': rule(
    'minor',
    ['tokens'],
    'agents must use the new endpoint for new grants; tokens held keep working',
  ),
  'provider-verifier-changed': rule(
    'minor',
    ['tokens', 'implementers'],
    'tokens are checked differently on the server; genuine tokens keep working',
  ),
  'provider-holder-changed': rule(
    'major',
    ['tokens'],
    'keys held per user and per department are stored apart; every key must be entered again',
  ),
  'provider-forwarding-changed': rule(
    'patch',
    ['implementers'],
    'only how the server forwards the key upstream changes',
  ),
  'provider-text': rule('patch', ['tokens'], 'only what consent screens and docs show changes'),
  'toolset-text': rule('patch', ['callers'], 'only the title or description changes'),
} as const satisfies Readonly<Record<string, ClassificationRule>>;

/** The id of a non-schema rule. */
export type ContractRuleId = keyof typeof CONTRACT_RULES;
