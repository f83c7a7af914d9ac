// Writes manifest.schema.json from the built package, so the committed file is zod's own rendering.
import { writeFile } from 'node:fs/promises';
import { renderManifestJsonSchema } from '../dist/index.js';

const target = new URL('../manifest.schema.json', import.meta.url);
await writeFile(target, renderManifestJsonSchema());
process.stdout.write(`wrote ${target.pathname}\n`);
