import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDiagnostics, loadManifestSources, loadManifests, maskSecrets } from './index.js';

/** The package's test/ folder: the fixtures are read from it and reported relative to it. */
const testDir = fileURLToPath(new URL('../test', import.meta.url));
const CANARY = 'canary-secret-4242-do-not-print';

describe('formatDiagnostics', () => {
  it('prints location, code, message, a code frame with a caret, the hint and the pointer', () => {
    const text = [
      'toolset: demo',
      'version: 1.0.0',
      'title: Demo',
      'tools:',
      '  demo_ping:',
      '    authorization:',
      '      method: oauth2',
      '      requiredScope: [a]',
    ].join('\n');
    const result = loadManifestSources([{ file: 'demo.yaml', text }]);
    const unknown = result.diagnostics.filter((d) => d.code === 'MANIFEST_UNKNOWN_KEY');
    expect(formatDiagnostics(unknown, { sources: result.sources })).toBe(
      [
        'demo.yaml:8:7 - error MANIFEST_UNKNOWN_KEY: Unknown key "requiredScope".',
        '',
        '  6 |     authorization:',
        '  7 |       method: oauth2',
        '> 8 |       requiredScope: [a]',
        '    |       ^~~~~~~~~~~~~',
        '',
        '  hint: Did you mean "requiredScopes"?',
        '  at: /tools/demo_ping/authorization/requiredScope',
      ].join('\n'),
    );
  });

  it('colours only when asked', () => {
    const result = loadManifestSources([{ file: 'x.yaml', text: 'toolset: [' }]);
    expect(formatDiagnostics(result.diagnostics, { sources: result.sources })).not.toContain(
      '\u001b[',
    );
    expect(
      formatDiagnostics(result.diagnostics, { sources: result.sources, color: true }),
    ).toContain('\u001b[31merror');
  });

  it('never prints a secret pasted into a manifest (canary)', async () => {
    const result = await loadManifests('fixtures/invalid/secret-in-manifest.yaml', {
      cwd: testDir,
    });
    expect(result.diagnostics[0]?.code).toBe('MANIFEST_SECRET');
    const printed = formatDiagnostics(result.diagnostics, { sources: result.sources, color: true });
    expect(printed).toContain('clientSecret: ********');
    expect(printed).not.toContain(CANARY);
    expect(JSON.stringify(result.diagnostics)).not.toContain(CANARY);
  });

  it.each([
    'secret-in-manifest.yaml',
    'secret-flow-style.yaml',
    'secret-inline.json',
    'secret-block-scalar.yaml',
    'bearer-in-unknown-key.yaml',
  ])('never prints the secret of %s, in text or JSON (canary)', async (name) => {
    const result = await loadManifests(`fixtures/invalid/${name}`, { cwd: testDir });
    expect(result.sources[0]?.text).toContain(CANARY);
    for (const color of [false, true]) {
      const printed = formatDiagnostics(result.diagnostics, { sources: result.sources, color });
      expect(printed).toContain('********');
      expect(printed).not.toContain(CANARY);
      expect(printed).not.toMatch(/eyJ[\w-]{4,}/);
    }
    expect(JSON.stringify(result.diagnostics)).not.toContain(CANARY);
  });

  it('masks the value the loader located even when its key is not recognisably secret', () => {
    const text = [
      'toolset: demo',
      'version: 1.0.0',
      'title: Demo',
      'providers:',
      '  acme: { type: apiKey, key: canary-secret-4242-do-not-print }',
      'tools: {}',
    ].join('\n');
    const result = loadManifestSources([{ file: 'demo.yaml', text }]);
    const secret = result.diagnostics.find((d) => d.code === 'MANIFEST_SECRET');
    expect(secret?.masked).toEqual({
      start: { line: 5, column: 30 },
      end: { line: 5, column: 61 },
    });
    const printed = formatDiagnostics(result.diagnostics, { sources: result.sources });
    expect(printed).toContain('> 5 |   acme: { type: apiKey, key: ******** }');
    expect(printed).not.toContain(CANARY);
  });

  it('masks secret-looking keys but not endpoints or env var names', () => {
    expect(maskSecrets('  password: "hunter2"')).toBe('  password: ********');
    expect(maskSecrets('    "apiKey": "abc",')).toBe('    "apiKey": ********,');
    expect(maskSecrets('    tokenEndpoint: https://x/token')).toBe(
      '    tokenEndpoint: https://x/token',
    );
    expect(maskSecrets('      clientSecretEnv: ACME_SECRET')).toBe(
      '      clientSecretEnv: ACME_SECRET',
    );
  });

  it('masks every secret pair on a line, in flow YAML and inline JSON', () => {
    expect(
      maskSecrets('  v: { kind: introspection, clientSecret: S3CR3T, clientSecretEnv: X_SECRET }'),
    ).toBe('  v: { kind: introspection, clientSecret: ********, clientSecretEnv: X_SECRET }');
    expect(maskSecrets('{"a": {"password":"p\\"w", "accessToken": \'t,ok\'}, "b": 1}')).toBe(
      '{"a": {"password":********, "accessToken": ********}, "b": 1}',
    );
    expect(maskSecrets('- [apiKey: k1, token: k2]')).toBe('- [apiKey: ********, token: ********]');
    expect(maskSecrets('  clientSecret: a, b # pasted')).toBe('  clientSecret: ********');
    // A structured value is not masked whole; its own secret keys are.
    expect(maskSecrets('  secrets: { url: https://x, secret: s }')).toBe(
      '  secrets: { url: https://x, secret: ******** }',
    );
  });

  it('masks bearer credentials and JWTs under any key, and leaves prose alone', () => {
    expect(maskSecrets('      authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig')).toBe(
      '      authorization: Bearer ********',
    );
    expect(maskSecrets('  example: "Authorization: Bearer 0a1b2c"')).toBe(
      '  example: "Authorization: Bearer ********"',
    );
    expect(maskSecrets('  note: see eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')).toBe(
      '  note: see ********',
    );
    expect(maskSecrets('  description: Send a Bearer token.')).toBe(
      '  description: Send a Bearer token.',
    );
  });
});
