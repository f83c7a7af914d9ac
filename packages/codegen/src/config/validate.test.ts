import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ToolscopeError } from '@toolscope/core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './file.js';
import { checkConfigShape } from './validate.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function configError(name: string, text: string): Promise<ToolscopeError> {
  const dir = await mkdtemp(join(tmpdir(), 'toolscope-config-'));
  dirs.push(dir);
  await writeFile(join(dir, name), text);
  const error = await loadConfig(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ToolscopeError)) throw new TypeError(`no ToolscopeError: ${error}`);
  return error;
}

describe('config validation', () => {
  it('rejects a misspelled key with a did-you-mean, the file, line, column and pointer', async () => {
    const error = await configError(
      'toolscope.config.json',
      '{\n  "manifests": ["manifests"],\n  "scpoe": "@acme"\n}\n',
    );
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe('unknown config key "scpoe"');
    expect(error.hint).toMatch(/^did you mean "scope"\? known keys: \$schema, manifests/);
    expect(error.location).toMatchObject({ line: 3, column: 3, pointer: '/scpoe' });
    expect(error.location?.file).toMatch(/toolscope\.config\.json$/);
  });

  it('names the file and position of invalid JSON', async () => {
    const error = await configError(
      'toolscope.config.json',
      '{\n  "out": "gen",\n  "scope": "@acme",\n}\n',
    );
    expect(error.message).toMatch(/^the config file is not valid JSON/);
    expect(error.location).toMatchObject({ line: 4, column: 1, pointer: '' });
    const cut = await configError('toolscope.config.json', '{\n  "out": "gen"');
    expect(cut.location).toMatchObject({ line: 2, column: 15 });
  });

  it('names the expected type of a wrong value, with its position', async () => {
    const error = await configError('toolscope.config.json', '{ "layout": "flat" }');
    expect(error.message).toBe('"layout" must be "packages" or "folders"');
    expect(error.location).toMatchObject({ line: 1, column: 3, pointer: '/layout' });
  });

  it('checks JS configs too (file and pointer, no position)', async () => {
    const error = await configError(
      'toolscope.config.mjs',
      'export default { manifest: ["m"] };\n',
    );
    expect(error.message).toBe('unknown config key "manifest"');
    expect(error.hint).toMatch(/did you mean "manifests"/);
    expect(error.location?.pointer).toBe('/manifest');
    expect(error.location?.line).toBeUndefined();
  });

  it('accepts every documented key', () => {
    const config = {
      $schema: 'x',
      manifests: ['m'],
      out: 'o',
      scope: '@a',
      packageName: '{scope}/{toolset}-{kind}',
      packageDir: '{toolset}-{kind}',
      runtimeVersion: '^0.1.0',
      templates: 't',
      license: 'MIT',
      layout: 'folders',
      docs: { title: 'T' },
    };
    expect(checkConfigShape(config, 'c.json')).toBe(config);
  });
});
