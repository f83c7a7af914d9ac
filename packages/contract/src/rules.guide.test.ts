import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ClassificationRule, CONTRACT_RULES, SCHEMA_RULES } from './index.js';

const guide = readFileSync(
  path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    '../../../apps/docs/guide/versioning.md',
  ),
  'utf8',
);

const rules: Record<string, ClassificationRule> = { ...CONTRACT_RULES };
for (const side of ['input', 'output'] as const) {
  for (const [effect, rule] of Object.entries(SCHEMA_RULES[side]))
    rules[`${side}-${effect}`] = rule;
}

describe('the versioning guide', () => {
  it('states every rule with the level the code gives it', () => {
    const stated = new Map<string, string>();
    for (const line of guide.split('\n')) {
      const cells = line.split('|').map((c) => c.trim());
      if (cells.length < 6) continue;
      for (const id of cells[2]!.matchAll(/`([a-z-]+)`/g)) stated.set(id[1]!, cells[3]!);
    }
    const expected = Object.entries(rules)
      // A default on an output only documents it; the guide folds it into documentation.
      .filter(([id]) => id !== 'output-default')
      .map(([id, rule]) => [id, rule.level]);
    expect([...stated].sort()).toEqual(expected.sort());
  });
});
