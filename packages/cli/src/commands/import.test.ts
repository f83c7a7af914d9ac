import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadManifestSources } from '@toolscope/manifest';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';

const SPEC = `openapi: 3.0.3
info: { title: Tiny API, version: 1.0.0 }
servers: [{ url: "https://api.tiny.example.com/v1" }]
components:
  securitySchemes:
    auth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://auth.tiny.example.com/token
          scopes: { items:read: Read items }
paths:
  /items/{id}:
    get:
      operationId: getItem
      security: [{ auth: [items:read] }]
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { type: object, properties: { id: { type: string } } }
    head:
      responses: { "200": { description: ok } }
`;

const dir = mkdtempSync(path.join(tmpdir(), 'toolscope-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, 'tiny.yaml'), SPEC);

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    cwd: dir,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    color: false,
  });
  return { code, stdout, stderr };
}

describe('toolscope import openapi', () => {
  it('prints the manifest on stdout and the positioned diagnostics on stderr', async () => {
    const { code, stdout, stderr } = await run('import', 'openapi', 'tiny.yaml');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(
      /^# yaml-language-server: \$schema=.*manifest\.schema\.json$/,
    );
    expect(stdout).toContain('requiredScopes:\n        - items:read');
    expect(stderr).toContain('tiny.yaml:25:5 - warning OPENAPI_OPERATION_SKIPPED');
    expect(stderr).toContain('at: /paths/~1items~1{id}/head');
    expect(stderr).toMatch(/2 operations, 1 tool, 1 required scope, 0 errors, \d+ warnings/);
    const check = loadManifestSources([{ file: 'tiny.yaml', text: stdout }]);
    // Only the tools' `http` field may be unknown to a loader that predates it.
    expect(
      check.diagnostics.filter(
        (d) => !(d.code === 'MANIFEST_UNKNOWN_KEY' && d.pointer.endsWith('/http')),
      ),
    ).toEqual([]);
  });

  it('writes --out with a $schema line that resolves, and never replaces it without --force', async () => {
    const first = await run('import', 'openapi', 'tiny.yaml', '--out', 'tiny.manifest.yaml');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toContain('wrote tiny.manifest.yaml');
    const out = path.join(dir, 'tiny.manifest.yaml');
    const text = readFileSync(out, 'utf8');
    const schema = /\$schema=(.+)/.exec(text)?.[1] as string;
    expect(existsSync(path.resolve(dir, schema))).toBe(true);

    writeFileSync(out, '# mine\n');
    const again = await run('import', 'openapi', 'tiny.yaml', '--out', 'tiny.manifest.yaml');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('"tiny.manifest.yaml" exists; pass --force to replace it.');
    expect(readFileSync(out, 'utf8')).toBe('# mine\n');

    const forced = await run(
      'import',
      'openapi',
      'tiny.yaml',
      '--out',
      'tiny.manifest.yaml',
      '--force',
    );
    expect(forced.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(text);
  });

  it('creates the folder of --out when it does not exist yet', async () => {
    const result = await run(
      'import',
      'openapi',
      'tiny.yaml',
      '--out',
      'fresh/manifests/tiny.yaml',
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('wrote fresh/manifests/tiny.yaml');
    const text = readFileSync(path.join(dir, 'fresh/manifests/tiny.yaml'), 'utf8');
    expect(text).toContain('toolset: tiny-api');
  });

  it('--toolset, --prefix and --json', async () => {
    const { code, stdout } = await run(
      'import',
      'openapi',
      'tiny.yaml',
      '--toolset',
      'tiny',
      '--prefix',
      'tiny_',
      '--json',
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      ok: boolean;
      tools: number;
      scopes: number;
      manifest: string;
    };
    expect(report).toMatchObject({ ok: true, tools: 1, scopes: 1 });
    expect(report.manifest).toContain('toolset: tiny\n');
    expect(report.manifest).toContain('\n  tiny_getItem:\n');
  });

  it('refuses what is not OpenAPI 3 and writes nothing', async () => {
    writeFileSync(path.join(dir, 'old.yaml'), 'swagger: "2.0"\ninfo: { title: x, version: "1" }\n');
    const { code, stderr } = await run(
      'import',
      'openapi',
      'old.yaml',
      '--out',
      'old.manifest.yaml',
    );
    expect(code).toBe(1);
    expect(stderr).toContain('old.yaml:1:1 - error OPENAPI_NOT_OPENAPI');
    expect(existsSync(path.join(dir, 'old.manifest.yaml'))).toBe(false);
  });

  it('usage errors', async () => {
    expect((await run('import', 'graphql', 'x')).code).toBe(2);
    expect((await run('import', 'openapi')).code).toBe(2);
    expect((await run('import', 'openapi', 'tiny.yaml', '--toolset', 'Bad Name')).code).toBe(2);
    const missing = await run('import', 'openapi', 'nope.yaml');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read "nope.yaml"');
  });
});
