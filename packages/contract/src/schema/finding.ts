/** What the schema comparison reports, before the rules give it a level. */
import type { SchemaEffect } from '../rules.js';
import type { JsonObject } from './json.js';

/** One difference between two schema nodes, located in both documents. */
export interface SchemaFinding {
  readonly effect: SchemaEffect;
  /** The field path, e.g. `input.participants[].email`. */
  readonly field: string;
  readonly message: string;
  /** JSON pointers into the old and new schema documents. */
  readonly oldPointer: string | undefined;
  readonly newPointer: string | undefined;
}

/** The state of one comparison of two documents. */
export interface CompareContext {
  readonly oldRoot: JsonObject;
  readonly newRoot: JsonObject;
  readonly findings: SchemaFinding[];
  /** Pairs of `$defs` being compared on the current path, so recursive schemas terminate. */
  readonly active: Set<string>;
}

/** Where a finding sits: the field and the node in each document. */
export interface Site {
  readonly field: string;
  readonly oldPointer: string | undefined;
  readonly newPointer: string | undefined;
}

/** Records a finding at a site. */
export function report(
  ctx: CompareContext,
  site: Site,
  effect: SchemaEffect,
  message: string,
): void {
  ctx.findings.push({
    effect,
    field: site.field,
    message,
    oldPointer: site.oldPointer,
    newPointer: site.newPointer,
  });
}
