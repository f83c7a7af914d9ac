import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { typeErrors } from '../test/compile.js';
import { freshDir, generatorFor, KITCHEN_SINK, PACKAGE_DIR } from '../test/harness.js';

const REPO = resolve(PACKAGE_DIR, '../..');
const ADVERSARIAL = fileURLToPath(new URL('../test/fixtures/adversarial.yaml', import.meta.url));
// The repository's own Biome (a root devDependency) with the repository's biome.json.
const BIOME = createRequire(join(REPO, 'package.json')).resolve('@biomejs/biome/bin/biome');

/** `biome check` (formatter, linter, import sorting) over a folder: its exit status and report. */
function biomeCheck(dir: string) {
  const r = spawnSync(
    process.execPath,
    [BIOME, 'check', '--vcs-use-ignore-file=false', '--max-diagnostics=20', '--colors=off', dir],
    { cwd: REPO, encoding: 'utf8' },
  );
  return { status: r.status, report: `${r.stdout}${r.stderr}` };
}

// A toolset whose names and texts make lines long (every list and signature must break), with
// a provider and a $defs entry named by words no const may take.
const LONG_NAMES = `toolset: long-names-for-layout
version: 1.0.0
title: Long names
providers:
  the-identity-provider-of-a-very-large-organisation:
    type: oauth2
    issuer: https://login.an-identity-provider-with-a-long-domain-name.example.com
    authorizationEndpoint: https://login.an-identity-provider-with-a-long-domain-name.example.com/oauth2/authorize
    tokenEndpoint: https://login.an-identity-provider-with-a-long-domain-name.example.com/oauth2/token
    resource: https://api.an-identity-provider-with-a-long-domain-name.example.com
    verifier:
      kind: jwt
      jwksUri: https://login.an-identity-provider-with-a-long-domain-name.example.com/oauth2/jwks
      algorithms: [RS256, ES256, PS256]
    scopes:
      opportunities.read.all.of.them: Read every opportunity
      opportunities.write.all.of.them: Change every opportunity
      contacts.read.all: Read every contact
  default:
    type: apiKey
    description: A key named by a keyword.
    resource: https://keys.example/api
    headerName: X-Api-Key
$defs:
  NaN:
    type: object
    properties: { value: { type: string } }
tools:
  long_updateTheOpportunityStageOfAVeryLargeAccountWithManyContacts:
    description: "A description long enough that the formatter would move it to its own line: it says it's 'quoted' too."
    authorization:
      method: oauth2
      provider: the-identity-provider-of-a-very-large-organisation
      requiredScopes: [opportunities.read.all.of.them, opportunities.write.all.of.them, contacts.read.all]
    input:
      type: object
      required: [theOpportunityIdentifierOfTheAccount, theStageTheOpportunityMovesTo]
      properties:
        theOpportunityIdentifierOfTheAccount: { type: string }
        theStageTheOpportunityMovesTo:
          type: string
          enum: [prospecting, proposal, negotiation, closed-won, closed-lost, on-hold, disqualified]
        weights:
          type: array
          items:
            type: number
            enum: [1000000001, 2000000002, 3000000003, 4000000004, 5000000005, 6000000006, 7000000007, 8000000008]
    output:
      type: object
      properties:
        either:
          oneOf:
            - { type: object, properties: { a: { type: string } } }
            - { type: object, properties: { b: { type: number } } }
        maybe:
          oneOf:
            - { type: object, properties: { a: { type: string } } }
            - { type: "null" }
  long_ping:
    authorization: { method: none }
    input: { type: object, properties: {} }
  long_keyed:
    authorization: { method: apiKey, provider: default }
    input:
      type: object
      properties:
        reserved: { $ref: "#/$defs/NaN" }
`;

describe('generated code and the repository formatter', () => {
  it('passes biome check as written: the kitchen sink, the adversarial fixture, long names', async () => {
    const out = await freshDir('biome');
    const longNames = join(out, 'long-names.yaml');
    await writeFile(longNames, LONG_NAMES);
    const generated = join(out, 'generated');
    const result = await generatorFor([KITCHEN_SINK, ADVERSARIAL, longNames], generated).run();
    expect(result.written.length).toBeGreaterThan(30);
    const { status, report } = biomeCheck(generated);
    expect(report).toMatch(/Checked \d+ files/);
    expect(report).not.toMatch(/Formatter would have printed|organizeImports|lint\//);
    expect(status, report).toBe(0);
    // The names no const may take got a suffix: the long-names packages compile.
    const longOut = ['server', 'client'].map((k) => join(generated, `long-names-for-layout-${k}`));
    expect(typeErrors(longOut)).toEqual([]);
  }, 120_000);

  it('is caught when it is not formatted (the check can fail)', async () => {
    const out = await freshDir('biome-unformatted');
    await writeFile(join(out, 'a.ts'), 'export const a = {b:1}\n');
    const { status, report } = biomeCheck(out);
    expect(status).not.toBe(0);
    expect(report).toMatch(/Formatter would have printed/);
  });
});
