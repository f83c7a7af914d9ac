/** fast-check arbitraries for valid manifests, and a key shuffler for the stability property. */
import fc from 'fast-check';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const PROPS = ['p', 'q', 'r', 's'];

const { node } = fc.letrec<{
  node: Json;
  string: Json;
  integer: Json;
  array: Json;
  object: Json;
  union: Json;
}>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    tie('string'),
    tie('integer'),
    tie('array'),
    tie('object'),
    tie('union'),
    fc.constant<Json>({ type: ['string', 'null'] }),
    fc.constant<Json>({ type: 'boolean', description: 'a flag' }),
  ),
  string: fc.record(
    {
      type: fc.constant('string'),
      maxLength: fc.integer({ min: 1, max: 9 }),
      enum: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 3 }),
      format: fc.constantFrom('email', 'uri', 'date-time'),
      description: fc.constantFrom('one', 'two'),
    },
    { requiredKeys: ['type'] },
  ),
  integer: fc.record(
    {
      type: fc.constantFrom('integer', 'number'),
      minimum: fc.integer({ min: 0, max: 5 }),
      default: fc.integer({ min: 5, max: 9 }),
    },
    { requiredKeys: ['type'] },
  ),
  array: fc.record(
    { type: fc.constant('array'), items: tie('node'), minItems: fc.integer({ min: 0, max: 3 }) },
    { requiredKeys: ['type', 'items'] },
  ),
  object: objectOf(tie('node')),
  union: fc
    .tuple(tie('string'), tie('integer'), fc.constantFrom('anyOf', 'oneOf'))
    .map(([a, b, key]) => ({ [key]: [a, b] })),
}));

function objectOf(child: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  return fc
    .tuple(
      fc.dictionary(fc.constantFrom(...PROPS), child, { maxKeys: 3 }),
      fc.subarray(PROPS),
      fc.boolean(),
    )
    .map(([properties, required, extras]) => ({
      type: 'object',
      properties,
      required: required.filter((name) => name in properties),
      ...(extras ? { additionalProperties: true } : {}),
    }));
}

const SCOPES = ['items:read', 'items:write', 'items:admin'];

const authorization: fc.Arbitrary<Json> = fc.oneof(
  fc.constant('none'),
  fc
    .subarray(SCOPES)
    .map((requiredScopes) => ({ method: 'oauth2', provider: 'acme', requiredScopes })),
);

const tool: fc.Arbitrary<Json> = fc.record(
  {
    title: fc.constantFrom('First', 'Second'),
    authorization,
    input: objectOf(node),
    output: objectOf(node),
  },
  { requiredKeys: ['authorization', 'input'] },
);

/** A valid manifest as JSON data: one toolset, up to three tools from a fixed pool of names. */
export const manifestArb: fc.Arbitrary<{ [key: string]: Json }> = fc
  .dictionary(fc.constantFrom('pt_a', 'pt_b', 'pt_c'), tool, { minKeys: 1, maxKeys: 3 })
  .map((tools) => ({
    toolset: 'pt',
    version: '1.0.0',
    title: 'Property test',
    providers: {
      acme: {
        type: 'oauth2',
        issuer: 'https://auth.acme.example',
        resource: 'https://api.acme.example',
        scopes: Object.fromEntries(SCOPES.map((s) => [s, `May ${s}`])),
      },
    },
    tools,
  }));

/** The same JSON with every object's keys in an order given by `seed` (arrays keep theirs). */
export function shuffleKeys(value: Json, seed: number): Json {
  if (Array.isArray(value)) return value.map((v, i) => shuffleKeys(v, seed + i + 1));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  let state = seed;
  for (let i = keys.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }
  return Object.fromEntries(keys.map((k, i) => [k, shuffleKeys(value[k]!, seed * 31 + i)]));
}
