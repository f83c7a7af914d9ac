import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cell,
  renderManifestReference,
  slugify,
  writeManifestReference,
} from './manifest-reference.mjs';

const SCHEMA = path.resolve(import.meta.dirname, '../test/fixtures/manifest.schema.json');
let site: string;

beforeEach(async () => {
  site = await mkdtemp(path.join(tmpdir(), 'toolscope-docs-ref-'));
});
afterEach(async () => {
  await rm(site, { recursive: true, force: true });
});

describe('manifest reference', () => {
  it('renders one table per object, with types, required flags and descriptions', async () => {
    const page = renderManifestReference(JSON.parse(await readFile(SCHEMA, 'utf8')));
    expect(page).toMatch(/^---\ntitle: Manifest reference\n/);
    const headings = page.match(/^#{2,3} .+$/gm) ?? [];
    expect(headings).toEqual([
      '## Manifest',
      '## Provider',
      '## Verifier',
      '### Verifier (kind: opaque)',
      '### Verifier (kind: jwt)',
      '### Verifier (kind: introspection)',
      '## Tool',
      '## Tool.authorization',
      '### Tool.authorization (method: none)',
      '### Tool.authorization (method: oauth2)',
      '### Tool.authorization (method: apiKey)',
      '## Tool.annotations',
    ]);
    expect(page).toContain(
      '| `toolset` | string | yes | The toolset id; names the generated packages — pattern `^[a-z][a-z0-9-]*$` |',
    );
    expect(page).toContain('| `providers` | map of [Provider](#provider) | no | default `{}` |');
    expect(page).toContain('| `type` | `oauth2` \\| `apiKey` | yes | What the service expects |');
    expect(page).toContain('| `jwksUri` | string (uri) | yes | Where the signing keys are |');
    expect(page).toContain('| `authorization` | [Tool.authorization](#tool-authorization) | yes |');
    expect(page).toMatch(/## Tool\.authorization\n[^#]*One of:\n\n- `none`\n/);
  });

  it('keeps schema text from breaking a table or becoming HTML', async () => {
    const page = renderManifestReference(JSON.parse(await readFile(SCHEMA, 'utf8')));
    expect(page).toContain('{{ 1 + 1 }} &lt;b&gt;stays&lt;/b&gt; text \\| pipes too');
    expect(cell('a|b\nc<d>')).toBe('a\\|b c&lt;d&gt;');
  });

  it('slugs headings as VitePress does', () => {
    expect(slugify('Tool.authorization')).toBe('tool-authorization');
    expect(slugify('Provider (2)')).toBe('provider-2');
  });

  it('writes a placeholder page while the schema does not exist', async () => {
    const found = await writeManifestReference({
      schemaPath: path.join(site, 'missing.schema.json'),
      siteDir: site,
    });
    expect(found).toBe(false);
    const page = await readFile(path.join(site, 'reference/manifest.md'), 'utf8');
    expect(page).toContain('Not built yet');
  });
});
