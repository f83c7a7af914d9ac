/** The changes between two versions of one tool: text, hints, authorization and both schemas. */
import type { AuthorizationIR, ToolAnnotationsIR, ToolIR } from '@toolscope/manifest';
import { classified, contractChange } from './change.js';
import type { ToolsetLocator } from './locate.js';
import { SCHEMA_RULES, type SchemaSide } from './rules.js';
import { compareSchemaDocuments } from './schema/compare.js';
import type { JsonObject } from './schema/json.js';
import type { ContractChange } from './types.js';

/** Both versions of a tool with the locators of their manifests. */
export interface ToolPair {
  readonly before: ToolIR;
  readonly after: ToolIR;
  readonly oldLocator: ToolsetLocator;
  readonly newLocator: ToolsetLocator;
}

/** Every change between two versions of a tool of the same name. */
export function diffTool(pair: ToolPair): ContractChange[] {
  return [
    ...diffText(pair),
    ...diffAnnotations(pair),
    ...diffAuthorization(pair),
    ...diffSchema(pair, 'input'),
    ...diffSchema(pair, 'output'),
  ];
}

function diffText({ before, after }: ToolPair): ContractChange[] {
  const out: ContractChange[] = [];
  for (const key of ['title', 'description'] as const) {
    if (before[key] === after[key]) continue;
    const what =
      before[key] === undefined ? 'added' : after[key] === undefined ? 'removed' : 'changed';
    out.push(
      contractChange('tool-text', {
        tool: after.name,
        subject: after.name,
        message: `${key} ${what}`,
        before: before.source,
        after: after.source,
      }),
    );
  }
  return out;
}

const HINTS = [
  'title',
  'readOnlyHint',
  'destructiveHint',
  'idempotentHint',
  'openWorldHint',
] as const;

/** Whether a hint change makes the tool look riskier to clients that auto-approve. */
function riskier(key: (typeof HINTS)[number], a: ToolAnnotationsIR, b: ToolAnnotationsIR): boolean {
  if (key === 'readOnlyHint') return a.readOnlyHint === true && b.readOnlyHint !== true;
  if (key === 'destructiveHint') return a.destructiveHint === false && b.destructiveHint !== false;
  return false;
}

function diffAnnotations({ before, after }: ToolPair): ContractChange[] {
  const a = before.annotations ?? {};
  const b = after.annotations ?? {};
  return HINTS.filter((key) => a[key] !== b[key]).map((key) =>
    contractChange(riskier(key, a, b) ? 'annotation-riskier' : 'annotation-changed', {
      tool: after.name,
      subject: `${after.name} annotations`,
      message: `${key} changed from ${String(a[key] ?? 'unset')} to ${String(b[key] ?? 'unset')}`,
      before: before.source,
      after: after.source,
    }),
  );
}

function providerOf(auth: AuthorizationIR): string | undefined {
  return auth.method === 'none' ? undefined : auth.provider;
}

function diffAuthorization({ before, after }: ToolPair): ContractChange[] {
  const a = before.authorization;
  const b = after.authorization;
  const facts = { tool: after.name, before: before.source, after: after.source };
  const subject = `${after.name} authorization`;
  if (a.method !== b.method) {
    return [
      contractChange('method-changed', {
        ...facts,
        subject,
        message: `method changed from ${a.method} to ${b.method}`,
      }),
    ];
  }
  const out: ContractChange[] = [];
  const pa = providerOf(a);
  const pb = providerOf(b);
  if (pa !== pb) {
    out.push(
      contractChange('provider-changed', {
        ...facts,
        subject,
        message: `provider changed from ${pa} to ${pb}`,
      }),
    );
  }
  if (a.method === 'oauth2' && b.method === 'oauth2') {
    for (const scope of b.requiredScopes.filter((s) => !a.requiredScopes.includes(s))) {
      out.push(
        contractChange('scope-added', {
          ...facts,
          subject,
          message: `requires the new scope "${scope}"`,
        }),
      );
    }
    for (const scope of a.requiredScopes.filter((s) => !b.requiredScopes.includes(s))) {
      out.push(
        contractChange('scope-removed', {
          ...facts,
          subject,
          message: `no longer requires the scope "${scope}"`,
        }),
      );
    }
  }
  return out;
}

function diffSchema(pair: ToolPair, side: SchemaSide): ContractChange[] {
  const { before, after } = pair;
  const a = (side === 'input' ? before.inputSchema : before.outputSchema) as JsonObject | undefined;
  const b = (side === 'input' ? after.inputSchema : after.outputSchema) as JsonObject | undefined;
  if (a === undefined && b === undefined) return [];
  const facts = { tool: after.name, subject: `${after.name} output` };
  if (a === undefined) {
    return [
      contractChange('output-added', {
        ...facts,
        message: 'now declares an output schema',
        after: pair.newLocator.inSchema(after, side, ''),
      }),
    ];
  }
  if (b === undefined) {
    return [
      contractChange('output-removed', {
        ...facts,
        message: 'no longer declares an output schema',
        before: pair.oldLocator.inSchema(before, side, ''),
      }),
    ];
  }
  return compareSchemaDocuments(a, b, side).map((finding) =>
    classified(`${side}-${finding.effect}`, SCHEMA_RULES[side][finding.effect], {
      tool: after.name,
      subject: `${after.name} ${finding.field}`,
      message: finding.message,
      before:
        finding.oldPointer === undefined
          ? undefined
          : pair.oldLocator.inSchema(before, side, finding.oldPointer),
      after:
        finding.newPointer === undefined
          ? undefined
          : pair.newLocator.inSchema(after, side, finding.newPointer),
    }),
  );
}
