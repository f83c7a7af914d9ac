#!/usr/bin/env node
// Builds or serves this repo's docs site with @toolscope/docs-site.
//
//   node scripts/site.mjs build [--out <dir>] [--from <dir>]... [--schema <file>]
//   node scripts/site.mjs dev [--from <dir>]... [--schema <file>]
//   node scripts/site.mjs preview [--out <dir>]      serves the last build
//
// Default: the toolsets of packages/generated, out dist/.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildSite, describeSync, devSite, serveStatic } from '@toolscope/docs-site';
import { SITE_DIR, toolscopeSiteOptions } from './site-options.mjs';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    from: { type: 'string', multiple: true },
    schema: { type: 'string' },
  },
});
const action = positionals[0] ?? 'build';
if (!['build', 'dev', 'preview'].includes(action)) {
  console.error(`site: unknown action "${action}" (use build, dev or preview)`);
  process.exit(2);
}
const outDir = path.resolve(values.out ?? path.join(SITE_DIR, 'dist'));
if (action === 'preview') {
  const site = await serveStatic(outDir, { port: 4173 });
  console.log(`site: serving ${outDir} at ${site.url} (Ctrl-C to stop)`);
  await new Promise((resolve) => process.once('SIGINT', resolve));
  await site.close();
  process.exit(0);
}
const { options, schemaFound } = await toolscopeSiteOptions({
  ...(values.from ? { sources: values.from.map((f) => path.resolve(f)) } : {}),
  ...(values.schema ? { schemaPath: path.resolve(values.schema) } : {}),
});
if (!schemaFound)
  console.warn('site: manifest.schema.json not found; the reference is a placeholder');
if (action === 'dev') {
  const server = await devSite(options);
  console.log(`site: serving ${server.url} (Ctrl-C to stop)`);
  process.once('SIGINT', () => server.close().then(() => process.exit(0)));
} else {
  const report = await buildSite({ ...options, outDir });
  console.log(describeSync(report.toolsets));
  console.log(`site: wrote ${path.relative(process.cwd(), outDir) || '.'}`);
}
