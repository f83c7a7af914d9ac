import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  formatDiagnostics,
  loadManifestSources,
  loadManifests,
  maskSecrets,
} from '../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
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
    const result = await loadManifests('fixtures/invalid/secret-in-manifest.yaml', { cwd: here });
    expect(result.diagnostics[0]?.code).toBe('MANIFEST_SECRET');
    const printed = formatDiagnostics(result.diagnostics, { sources: result.sources, color: true });
    expect(printed).toContain('clientSecret: ********');
    expect(printed).not.toContain(CANARY);
    expect(JSON.stringify(result.diagnostics)).not.toContain(CANARY);
  });

  it('masks secret-looking keys but not endpoints or env var names', () => {
    expect(maskSecrets('  password: "hunter2"')).toBe('  password: ********');
    expect(maskSecrets('    "apiKey": "abc",')).toBe('    "apiKey": ********');
    expect(maskSecrets('    tokenEndpoint: https://x/token')).toBe(
      '    tokenEndpoint: https://x/token',
    );
    expect(maskSecrets('      clientSecretEnv: ACME_SECRET')).toBe(
      '      clientSecretEnv: ACME_SECRET',
    );
  });
});
