import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderManifestJsonSchema } from './json-schema.js';

describe('manifest.schema.json', () => {
  it('is exactly what z.toJSONSchema renders today (run `pnpm --filter @toolscope/manifest schema`)', async () => {
    const committed = await readFile(new URL('../manifest.schema.json', import.meta.url), 'utf8');
    // Compared as JSON text with key order kept; whitespace is Biome's business.
    expect(JSON.stringify(JSON.parse(committed))).toBe(
      JSON.stringify(JSON.parse(renderManifestJsonSchema())),
    );
  });

  it('is a closed 2020-12 schema, so editors flag unknown keys', () => {
    const schema = JSON.parse(renderManifestJsonSchema());
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['toolset', 'version', 'title', 'tools']);
  });
});
