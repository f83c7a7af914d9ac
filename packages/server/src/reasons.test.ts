import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('.', import.meta.url));
const writers = [
  'enforce.ts',
  'engine/call.ts',
  ...readdirSync(`${src}verifiers`)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => `verifiers/${f}`),
];

describe('data.reason phrases', () => {
  it('come from AUTH_ERROR_REASONS, never from a literal in the server', () => {
    // A literal phrase here would drift from the docs, which render the same constants.
    const literal = /(?:reason:\s*|TokenVerificationError\(\s*)['"`]/;
    const offenders = writers.filter((file) => literal.test(readFileSync(`${src}${file}`, 'utf8')));
    expect(offenders).toEqual([]);
    expect(writers).toContain('verifiers/jwt.ts');
  });
});
