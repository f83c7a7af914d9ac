import { z } from 'zod';
import { manifestSchema } from './schema.js';

/** Where editors find the published schema, relative to a manifest in `manifests/`. */
export const MANIFEST_SCHEMA_FILE = 'manifest.schema.json';

/** The manifest format as JSON Schema 2020-12 text, exactly as committed in `manifest.schema.json`. */
export function renderManifestJsonSchema(): string {
  const schema = z.toJSONSchema(manifestSchema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'throw',
  });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
