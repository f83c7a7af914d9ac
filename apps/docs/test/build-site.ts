import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { findDocsPackages, type SidebarItem, syncGenerated } from '@toolscope/docs-site';

const run = promisify(execFile);

/** apps/docs */
export const SITE_DIR = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const REPO_DIR = path.resolve(SITE_DIR, '../..');
const GENERATED_DIR = path.join(REPO_DIR, 'packages/generated');
const REAL_SCHEMA = path.join(REPO_DIR, 'packages/manifest/manifest.schema.json');
/** The builder's fixtures: a hand-made zoom docs package and the hostile-strings one. */
const FIXTURES = path.join(REPO_DIR, 'packages/docs-site/test/fixtures');
const SCHEMA_FIXTURE = path.join(SITE_DIR, 'test/fixtures/manifest.schema.json');

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
  readonly distDir: string;
  readonly usedRealGeneratedDocs: boolean;
  readonly usedRealSchema: boolean;
  readonly sidebar: readonly SidebarItem[];
}

/**
 * Builds the site as `pnpm docs:build` does, into `apps/docs/.tmp/<name>`, so
 * that a test never touches the real build. The toolset pages come from the
 * real generated packages when they exist (the builder's sample otherwise),
 * plus the hostile-strings fixture, which must render inert.
 */
export async function buildTestSite(name: string): Promise<TestBuild> {
  const distDir = path.join(SITE_DIR, '.tmp', name);
  const pagesDir = path.join(SITE_DIR, '.tmp', `${name}-pages`);
  await rm(distDir, { recursive: true, force: true });
  const usedRealGeneratedDocs = useRealGeneratedDocs();
  const usedRealSchema = existsSync(REAL_SCHEMA);
  const sources = [
    usedRealGeneratedDocs ? GENERATED_DIR : path.join(FIXTURES, 'generated'),
    path.join(FIXTURES, 'hostile'),
  ];
  // In a child process, as `pnpm docs:build` runs it: vitest's NODE_ENV=test
  // would otherwise put Vue's development build into the pages.
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_ENV;
  await run(
    process.execPath,
    [
      path.join(SITE_DIR, 'scripts/site.mjs'),
      'build',
      '--out',
      distDir,
      '--schema',
      usedRealSchema ? REAL_SCHEMA : SCHEMA_FIXTURE,
      ...sources.flatMap((s) => ['--from', s]),
    ],
    { cwd: SITE_DIR, env, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 },
  );
  // The sidebar the build used, to find pages by title the way a reader does.
  const { sidebar } = await syncGenerated(await findDocsPackages(sources), pagesDir);
  await rm(pagesDir, { recursive: true, force: true });
  return { distDir, usedRealGeneratedDocs, usedRealSchema, sidebar };
}
