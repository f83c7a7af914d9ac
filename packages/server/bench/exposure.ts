/**
 * Micro-benchmark of the result exposure check (issue 11, class 4): the
 * exact-string search it replaces beside `findTokenExposure`, on the common
 * case (a result with no token material) and on a hit. It measures and prints;
 * it asserts nothing. Run: node --import tsx packages/server/bench/exposure.ts
 */
import { randomBytes } from 'node:crypto';
import { findTokenExposure } from '../src/exposure.js';

/** The pre-issue-11 check: the exact token in any string or key. */
function containsTokenExact(value: unknown, token: string, depth = 0): boolean {
  if (typeof value === 'string') return value.includes(token);
  if (value === null || typeof value !== 'object') return false;
  if (depth >= 32) return true;
  if (Array.isArray(value)) return value.some((item) => containsTokenExact(item, token, depth + 1));
  for (const [key, item] of Object.entries(value)) {
    if (key.includes(token) || containsTokenExact(item, token, depth + 1)) return true;
  }
  return false;
}

const jwt = `${randomBytes(60).toString('base64url')}.${randomBytes(400).toString('base64url')}.${randomBytes(256).toString('base64url')}`;
const apiKey = randomBytes(24).toString('hex');
const small = { content: [{ type: 'text', text: '{"ok":true,"participants":12}' }] };
const medium = {
  content: [
    {
      type: 'text',
      text: JSON.stringify(
        Array.from({ length: 60 }, (_, i) => ({
          id: i,
          name: `participant ${i}`,
          email: `p${i}@example.com`,
        })),
      ),
    },
  ],
  structuredContent: {
    rows: Array.from({ length: 60 }, (_, i) => ({ id: i, name: `participant ${i}` })),
  },
};
const large = { content: [{ type: 'text', text: randomBytes(48 * 1024).toString('base64') }] };

function time(label: string, fn: () => unknown): number {
  for (let i = 0; i < 200; i++) fn();
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < 300_000_000n) {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
    elapsed = process.hrtime.bigint() - start;
  }
  const us = Number(elapsed) / 1000 / n;
  return Number(us.toFixed(label.length > 0 ? 2 : 2));
}

const rows: Record<string, string | number>[] = [];
for (const [tokenName, token] of [
  ['jwt (~950 chars)', jwt],
  ['api key (48 chars)', apiKey],
] as const) {
  for (const [resultName, result] of [
    ['small', small],
    ['medium (~5 KB)', medium],
    ['large (64 KB)', large],
  ] as const) {
    rows.push({
      token: tokenName,
      result: resultName,
      'exact µs/call': time('old', () => containsTokenExact(result, token)),
      'findTokenExposure µs/call': time('new', () => findTokenExposure(result, token)),
    });
  }
}
const hit = { content: [{ type: 'text', text: `x ${Buffer.from(jwt).toString('base64')} y` }] };
rows.push({
  token: 'jwt (~950 chars)',
  result: 'hit: base64 of the token',
  'exact µs/call': `${time('old', () => containsTokenExact(hit, jwt))} (misses it)`,
  'findTokenExposure µs/call': time('new', () => findTokenExposure(hit, jwt)),
});
console.table(rows);
