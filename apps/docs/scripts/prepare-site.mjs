#!/usr/bin/env node
// Everything the site needs before `vitepress build` or `vitepress dev`: the
// toolset pages from the generated docs packages, and the manifest reference
// from the manifest's JSON Schema.
//
//   node scripts/prepare-site.mjs [--from <dir>]... [--schema <file>] [--site <dir>]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SCHEMA_PATH, writeManifestReference } from './manifest-reference.mjs';
import {
  DEFAULT_GENERATED_DIR,
  DEFAULT_SITE_DIR,
  describeSync,
  syncGenerated,
} from './sync-generated.mjs';

/** Prepares one site folder; returns what was found. */
export async function prepareSite({
  sources = [DEFAULT_GENERATED_DIR],
  schemaPath = DEFAULT_SCHEMA_PATH,
  siteDir = DEFAULT_SITE_DIR,
} = {}) {
  const toolsets = await syncGenerated({ sources, siteDir });
  const schemaFound = await writeManifestReference({ schemaPath, siteDir });
  return { toolsets, schemaFound };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const sources = [];
  let schemaPath = DEFAULT_SCHEMA_PATH;
  let siteDir = DEFAULT_SITE_DIR;
  for (let i = 0; i < args.length; i += 2) {
    const value = args[i + 1];
    if (value === undefined) throw new Error(`prepare-site: ${args[i]} needs a value`);
    if (args[i] === '--from') sources.push(path.resolve(value));
    else if (args[i] === '--schema') schemaPath = path.resolve(value);
    else if (args[i] === '--site') siteDir = path.resolve(value);
    else throw new Error(`prepare-site: unknown argument ${args[i]}`);
  }
  const used = sources.length > 0 ? sources : [DEFAULT_GENERATED_DIR];
  const { toolsets, schemaFound } = await prepareSite({ sources: used, schemaPath, siteDir });
  console.log(describeSync(toolsets, used));
  console.log(
    schemaFound
      ? 'manifest-reference: rendered from manifest.schema.json'
      : 'manifest-reference: manifest.schema.json not found; wrote a placeholder page',
  );
}
