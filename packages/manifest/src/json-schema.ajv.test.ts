import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The package's test/ folder: the fixtures are read from it and reported relative to it. */
const testDir = fileURLToPath(new URL('../test', import.meta.url));
const repo = path.resolve(here, '../../..');
const schemaPath = path.resolve(here, '../manifest.schema.json');

let compiled: ReturnType<Ajv2020.default['compile']> | undefined;

async function validator() {
  if (compiled) return compiled;
  const schema = JSON.parse(await readFile(schemaPath, 'utf8'));
  // Formats (uri) are checked by the loader with zod; ajv checks the structure editors see.
  const ajv = new Ajv2020.default({ allErrors: true, strict: true, validateFormats: false });
  compiled = ajv.compile(schema);
  return compiled;
}

describe('manifest.schema.json with ajv (draft 2020-12)', async () => {
  const shipped = (await readdir(path.join(repo, 'manifests'))).filter((f) => f.endsWith('.yaml'));
  const manifests = [
    ...shipped.map((f) => path.join(repo, 'manifests', f)),
    path.join(testDir, 'fixtures/valid/kitchen-sink.yaml'),
  ];

  it.each(manifests.map((m) => [path.relative(repo, m), m]))('validates %s', async (_, file) => {
    const text = await readFile(file, 'utf8');
    const validate = await validator();
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(shipped)('manifests/%s references the schema for editors', async (file) => {
    const text = await readFile(path.join(repo, 'manifests', file), 'utf8');
    expect(text.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../packages/manifest/manifest.schema.json',
    );
  });

  it('rejects an unknown key, as editors will', async () => {
    const validate = await validator();
    const valid = validate({
      toolset: 'x',
      version: '1.0.0',
      title: 'X',
      tools: { x_ping: { authorization: { method: 'oauth2', requiredScope: [] } } },
    });
    expect(valid).toBe(false);
  });
});
