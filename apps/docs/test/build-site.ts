import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** apps/docs */
export const SITE_DIR = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const REPO_DIR = path.resolve(SITE_DIR, '../..');
const GENERATED_DIR = path.join(REPO_DIR, 'packages/generated');
const REAL_SCHEMA = path.join(REPO_DIR, 'packages/manifest/manifest.schema.json');
const FIXTURES = path.join(SITE_DIR, 'test/fixtures');

// Outputs of a build or of the sync, and what is not site content.
const NOT_SITE_SOURCE = new Set([
  'node_modules',
  '.tmp',
  'test',
  'test-results',
  'scripts',
  'toolsets',
  'cache',
  'dist',
  'generated',
  'package.json',
  'tsconfig.json',
  'turbo.json',
  'biome.json',
  'vitest.config.ts',
]);

// Which toolset pages the test site gets: the generator's real output, or the
// hand-made sample. TOOLSCOPE_DOCS_SOURCE=generated|fixtures overrides the default.
const DEFAULT_SOURCE: 'generated' | 'fixtures' = 'generated';

/** True when the test site is built from the real generated docs packages. */
export function useRealGeneratedDocs(): boolean {
  const source = process.env.TOOLSCOPE_DOCS_SOURCE ?? DEFAULT_SOURCE;
  if (source !== 'generated') return false;
  if (!existsSync(GENERATED_DIR)) return false;
  return readdirSync(GENERATED_DIR).some((name) => name.endsWith('-docs'));
}

/** What a test build used, and where its output is. */
export interface TestBuild {
  readonly siteDir: string;
  readonly distDir: string;
  readonly usedRealGeneratedDocs: boolean;
  readonly usedRealSchema: boolean;
  readonly sidebar: { text: string; link?: string; items?: unknown[] }[];
}

/**
 * Builds a copy of the site in `apps/docs/.tmp/<name>`, so that a test never
 * touches the real site's synced pages or its dist. The toolset pages come
 * from the real generated packages when they exist (the hand-made sample
 * otherwise), plus the hostile-strings fixture, which must render inert.
 */
export async function buildTestSite(name: string): Promise<TestBuild> {
  const siteDir = path.join(SITE_DIR, '.tmp', name);
  await rm(siteDir, { recursive: true, force: true });
  await mkdir(siteDir, { recursive: true });
  const keep = (source: string): boolean => {
    const parts = path.relative(SITE_DIR, source).split(path.sep);
    if (parts[0] === '.vitepress' && NOT_SITE_SOURCE.has(parts[1] ?? '')) return false;
    return !(parts[0] === 'public' && parts[1] === 'toolsets');
  };
  // Entry by entry: the copy lives inside the folder it copies.
  for (const entry of readdirSync(SITE_DIR)) {
    if (NOT_SITE_SOURCE.has(entry)) continue;
    await cp(path.join(SITE_DIR, entry), path.join(siteDir, entry), {
      recursive: true,
      filter: keep,
    });
  }
  const usedRealGeneratedDocs = useRealGeneratedDocs();
  const usedRealSchema = existsSync(REAL_SCHEMA);
  const sources = [
    usedRealGeneratedDocs ? GENERATED_DIR : path.join(FIXTURES, 'generated'),
    path.join(FIXTURES, 'hostile'),
  ];
  const schema = usedRealSchema ? REAL_SCHEMA : path.join(FIXTURES, 'manifest.schema.json');
  await run(
    process.execPath,
    [
      path.join(SITE_DIR, 'scripts/prepare-site.mjs'),
      '--site',
      siteDir,
      '--schema',
      schema,
      ...sources.flatMap((s) => ['--from', s]),
    ],
    { cwd: SITE_DIR, timeout: 60_000 },
  );
  await run(
    process.execPath,
    [path.join(SITE_DIR, 'node_modules/vitepress/bin/vitepress.js'), 'build', siteDir],
    { cwd: SITE_DIR, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 },
  );
  const generated = JSON.parse(
    await readFile(path.join(siteDir, '.vitepress/generated/toolsets.json'), 'utf8'),
  ) as { sidebar: TestBuild['sidebar'] };
  return {
    siteDir,
    distDir: path.join(siteDir, '.vitepress/dist'),
    usedRealGeneratedDocs,
    usedRealSchema,
    sidebar: generated.sidebar,
  };
}
