import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadManifests } from './index.js';

/** The package's test/ folder: the fixtures are read from it and reported relative to it. */
const testDir = fileURLToPath(new URL('../test', import.meta.url));

/** Each invalid fixture holds exactly one problem: [fixture, code, line, column, pointer, message]. */
export const INVALID_FIXTURES: ReadonlyArray<
  readonly [string, string, number, number, string, string]
> = [
  [
    'array-no-items.yaml',
    'SCHEMA_NO_TYPE',
    18,
    16,
    '/tools/demo_list/output/properties/items',
    'This array has no "items", so its elements would be typed as any.',
  ],
  [
    'authorization-not-none.yaml',
    'MANIFEST_INVALID_VALUE',
    6,
    5,
    '/tools/demo_list/authorization',
    'Expected "none" or an object with a "method".',
  ],
  [
    'bearer-in-unknown-key.yaml',
    'MANIFEST_UNKNOWN_KEY',
    9,
    5,
    '/providers/acme/headers',
    'Unknown key "headers".',
  ],
  [
    'duplicate-key.yaml',
    'MANIFEST_DUPLICATE_KEY',
    15,
    3,
    '/tools/demo_list',
    'This key appears twice in the same mapping.',
  ],
  [
    'duplicate-scope.yaml',
    'SCOPE_DUPLICATE',
    17,
    49,
    '/tools/demo_list/authorization/requiredScopes/2',
    'The scope "items:read" is listed twice.',
  ],
  [
    'duplicate-tool-across-toolsets',
    'TOOL_DUPLICATE',
    7,
    3,
    '/tools/shared_ping',
    'The tool name "shared_ping" is also used by the toolset "alpha" (fixtures/invalid/duplicate-tool-across-toolsets/a.yaml).',
  ],
  [
    'duplicate-toolset',
    'TOOLSET_DUPLICATE',
    1,
    1,
    '/toolset',
    'The toolset "twin" is also declared in fixtures/invalid/duplicate-toolset/one.yaml.',
  ],
  [
    'endpoint-not-url.yaml',
    'MANIFEST_INVALID_VALUE',
    8,
    15,
    '/providers/acme/resource',
    '"resource" must be an absolute http(s) URL.',
  ],
  [
    'input-not-object.yaml',
    'SCHEMA_NOT_OBJECT',
    16,
    13,
    '/tools/demo_list/input/type',
    'The input of demo_list must be an object schema (root `type: object`).',
  ],
  [
    'method-invalid.yaml',
    'MANIFEST_INVALID_VALUE',
    14,
    22,
    '/tools/demo_list/authorization/method',
    'Expected one of "none", "oauth2", "apiKey".',
  ],
  ['missing-title.yaml', 'MANIFEST_MISSING_KEY', 1, 1, '/title', 'Missing required key "title".'],
  [
    'output-not-object.json',
    'SCHEMA_NOT_OBJECT',
    24,
    17,
    '/tools/demo_list/output',
    'The output of demo_list must be a JSON Schema object, got a string.',
  ],
  [
    'pattern-invalid.json',
    'SCHEMA_INVALID',
    29,
    24,
    '/tools/demo_list/input/properties/code/pattern',
    '"pattern" must be a valid regular expression.',
  ],
  [
    'provider-missing.yaml',
    'PROVIDER_MISSING',
    14,
    5,
    '/tools/demo_list/authorization',
    'The tool demo_list uses oauth2 but names no provider.',
  ],
  [
    'provider-unknown.json',
    'PROVIDER_UNKNOWN',
    19,
    9,
    '/tools/demo_list/authorization/provider',
    'The provider "acmee" is not defined in this toolset.',
  ],
  [
    'provider-wrong-type.yaml',
    'PROVIDER_WRONG_TYPE',
    14,
    38,
    '/tools/demo_list/authorization/provider',
    'The tool demo_list uses apiKey, but the provider "acme" is of type oauth2.',
  ],
  [
    'ref-cycle.yaml',
    'SCHEMA_REF_CYCLE',
    17,
    15,
    '/$defs/B/anyOf/0/$ref',
    'The $defs cycle A → B → A has no object or array in between, so no type can express it.',
  ],
  [
    'ref-external.json',
    'SCHEMA_REF_UNSUPPORTED',
    28,
    13,
    '/tools/demo_list/input/properties/item/$ref',
    'The $ref "common.json#/$defs/Item" does not point into the manifest\'s top-level $defs.',
  ],
  [
    'ref-unresolved.yaml',
    'SCHEMA_REF_UNRESOLVED',
    18,
    17,
    '/tools/demo_list/output/properties/item/$ref',
    'The $ref "#/$defs/Item" does not resolve: there is no $defs entry "Item".',
  ],
  [
    'required-undefined.yaml',
    'SCHEMA_REQUIRED_UNDEFINED',
    19,
    25,
    '/tools/demo_list/input/required/1',
    '"required" names "limit", which is not in "properties".',
  ],
  [
    'schema-allof.yaml',
    'SCHEMA_UNSUPPORTED',
    19,
    11,
    '/tools/demo_list/input/properties/filter/allOf',
    '"allOf" is not supported: later stages cannot type it faithfully.',
  ],
  [
    'schema-no-type.json',
    'SCHEMA_NO_TYPE',
    27,
    22,
    '/tools/demo_list/input/properties/payload',
    'This schema has no type, so it would be typed as any.',
  ],
  [
    'schema-unknown-keyword.yaml',
    'SCHEMA_UNKNOWN_KEYWORD',
    18,
    32,
    '/tools/demo_list/input/properties/query/maxLenght',
    'Unknown schema keyword "maxLenght".',
  ],
  [
    'scope-unknown.yaml',
    'SCOPE_UNKNOWN',
    17,
    24,
    '/tools/demo_list/authorization/requiredScopes/0',
    'The scope "items:delete" is not in the catalog of the provider "acme".',
  ],
  [
    'scopes-on-none.yaml',
    'SCOPES_ON_NONE',
    18,
    7,
    '/tools/demo_ping/authorization/requiredScopes',
    'The tool demo_ping has method none, which takes no requiredScopes.',
  ],
  [
    'secret-block-scalar.yaml',
    'MANIFEST_SECRET',
    13,
    7,
    '/providers/acme/verifier/privateKey',
    'The key "privateKey" looks like a secret; secrets never go in a manifest.',
  ],
  [
    'secret-flow-style.yaml',
    'MANIFEST_SECRET',
    9,
    105,
    '/providers/acme/verifier/clientSecret',
    'The key "clientSecret" looks like a secret; secrets never go in a manifest.',
  ],
  [
    'secret-in-manifest.yaml',
    'MANIFEST_SECRET',
    13,
    7,
    '/providers/acme/verifier/clientSecret',
    'The key "clientSecret" looks like a secret; secrets never go in a manifest.',
  ],
  [
    'secret-inline.json',
    'MANIFEST_SECRET',
    10,
    95,
    '/providers/acme/verifier/clientSecret',
    'The key "clientSecret" looks like a secret; secrets never go in a manifest.',
  ],
  [
    'self-not-oauth2.yaml',
    'PROVIDER_SELF_NOT_OAUTH2',
    6,
    5,
    '/providers/self/type',
    'The provider "self" is the MCP server\'s own authorization server, so its type must be oauth2.',
  ],
  [
    'syntax-json.json',
    'MANIFEST_SYNTAX',
    7,
    3,
    '',
    'Flow map in block collection must be sufficiently indented and end with a }.',
  ],
  [
    'syntax-yaml.yaml',
    'MANIFEST_SYNTAX',
    14,
    20,
    '',
    'Flow map in block collection must be sufficiently indented and end with a }.',
  ],
  [
    'tool-name-invalid.yaml',
    'TOOL_NAME_INVALID',
    13,
    3,
    '/tools/list meetings',
    'The tool name "list meetings" is not 1-128 characters of A-Z, a-z, 0-9, "_", "." and "-".',
  ],
  [
    'tool-name-too-long.json',
    'TOOL_NAME_INVALID',
    16,
    5,
    `/tools/${'t'.repeat(129)}`,
    `The tool name "${'t'.repeat(129)}" is not 1-128 characters of A-Z, a-z, 0-9, "_", "." and "-".`,
  ],
  [
    'toolset-name-invalid.json',
    'TOOLSET_NAME_INVALID',
    2,
    14,
    '/toolset',
    'The toolset id must be lowercase letters, digits and "-", starting with a letter.',
  ],
  [
    'unknown-key-required-scope.yaml',
    'MANIFEST_UNKNOWN_KEY',
    17,
    7,
    '/tools/demo_list/authorization/requiredScope',
    'Unknown key "requiredScope".',
  ],
  [
    'unknown-top-level-key.json',
    'MANIFEST_UNKNOWN_KEY',
    5,
    3,
    '/descripton',
    'Unknown key "descripton".',
  ],
  [
    'verifier-algorithm-hmac.json',
    'VERIFIER_ALGORITHM_FORBIDDEN',
    17,
    11,
    '/providers/acme/verifier/algorithms/0',
    'The algorithm "HS256" is forbidden: anyone holding the public key could sign tokens with it as the HMAC secret.',
  ],
  [
    'verifier-algorithm-none.yaml',
    'VERIFIER_ALGORITHM_FORBIDDEN',
    12,
    27,
    '/providers/acme/verifier/algorithms/1',
    'The algorithm "none" is forbidden: unsigned tokens would be accepted.',
  ],
  [
    'version-not-semver.yaml',
    'VERSION_NOT_SEMVER',
    2,
    10,
    '/version',
    'The version is not semver (MAJOR.MINOR.PATCH).',
  ],
  [
    'wrong-type.json',
    'MANIFEST_INVALID_TYPE',
    4,
    12,
    '/title',
    'Expected a string, got an integer.',
  ],
];

describe('invalid fixtures', () => {
  it('covers at least 25 fixtures, one per file or folder', async () => {
    const { readdir } = await import('node:fs/promises');
    const names = (await readdir(path.join(testDir, 'fixtures/invalid'))).sort();
    expect(INVALID_FIXTURES.map(([name]) => name)).toEqual(names);
    expect(names.length).toBeGreaterThanOrEqual(25);
  });

  it.each(INVALID_FIXTURES)(
    '%s reports %s at %i:%i',
    async (name, code, line, column, pointer, message) => {
      const result = await loadManifests(`fixtures/invalid/${name}`, { cwd: testDir });
      expect(result.ir).toBeUndefined();
      expect(result.diagnostics).toHaveLength(1);
      const [diagnostic] = result.diagnostics;
      expect(diagnostic).toMatchObject({ severity: 'error', code, line, column, pointer, message });
      expect(diagnostic?.file.startsWith('fixtures/invalid/')).toBe(true);
    },
  );
});
