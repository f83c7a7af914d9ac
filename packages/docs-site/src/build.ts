import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ToolscopeError } from '@toolscope/core';
import { build, createServer } from 'vitepress';
import { DocsSiteError } from './errors.js';
import type { SiteOptions } from './options.js';
import { type StagedSite, stageSite } from './stage.js';
import type { SidebarItem, SyncedToolset } from './sync-generated.js';

/** The file that marks a folder as a site this builder wrote, and so may replace. */
export const SITE_MARKER = '.toolscope-docs-site';
const CLOSE_GRACE_MS = 3_000;
const MARKER_TEXT = 'Written by @toolscope/docs-site: the next docs build replaces this folder.\n';

/**
 * Where sites are staged: inside this package, because the pages VitePress
 * compiles import `vue` and `vue/server-renderer`, which resolve from the
 * page's folder, and this package depends on vue (npm, pnpm and workspaces alike).
 */
const STAGING_ROOT = fileURLToPath(new URL('../.sites/', import.meta.url));

async function stagingDir(prefix: string): Promise<string> {
  try {
    await mkdir(STAGING_ROOT, { recursive: true });
    return await mkdtemp(path.join(STAGING_ROOT, prefix));
  } catch (error) {
    throw new DocsSiteError('INTERNAL', `cannot stage the site in ${STAGING_ROOT}`, {
      hint: 'the @toolscope/docs-site install folder must be writable',
      cause: error,
    });
  }
}

/** What a build wrote. */
export interface BuildReport {
  readonly outDir: string;
  readonly toolsets: readonly SyncedToolset[];
  /** The toolsets' sidebar entries (text is HTML-escaped). */
  readonly sidebar: readonly SidebarItem[];
  readonly guides: number;
}

/** A running dev server. */
export interface DevSite {
  readonly url: string;
  /** Copies the docs packages and guides again (after a `toolscope generate`), optionally with new options. */
  refresh(options?: SiteOptions): Promise<void>;
  close(): Promise<void>;
}

/**
 * VitePress empties its output folder before it writes. A folder is ours to
 * empty only when it is new, empty, or holds the marker of an earlier build.
 */
export async function claimOutDir(outDir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(outDir);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') return;
    throw new DocsSiteError('CONFIG_INVALID', `the output is not a folder (${code})`, {
      location: { file: outDir },
      hint: 'pass a folder to --out',
    });
  }
  if (entries.length === 0 || entries.includes(SITE_MARKER)) return;
  throw new DocsSiteError(
    'CONFIG_INVALID',
    'the output folder holds files that no docs build wrote; building would delete them',
    {
      location: { file: outDir },
      hint: 'pass a new or empty folder to --out (a folder of an earlier build is replaced)',
    },
  );
}

function failed(what: string, error: unknown): DocsSiteError {
  const detail = error instanceof Error ? error.message : String(error);
  return new DocsSiteError('CODEGEN_FAILED', `VitePress could not ${what}: ${detail}`, {
    hint: 'a dead link in a guide is the usual cause; the message names the page',
    cause: error,
  });
}

function report(staged: StagedSite, outDir: string): BuildReport {
  return {
    outDir,
    toolsets: staged.sync.toolsets,
    sidebar: staged.sync.sidebar,
    guides: staged.guides.length,
  };
}

/** Builds the static site into `outDir` (stages it in a temporary folder it removes). */
export async function buildSite(options: SiteOptions & { outDir: string }): Promise<BuildReport> {
  const outDir = path.resolve(options.outDir);
  await claimOutDir(outDir);
  const siteDir = await stagingDir('build-');
  try {
    const staged = await stageSite(options, siteDir, outDir);
    try {
      await build(siteDir);
    } catch (error) {
      throw failed('build the site', error);
    } finally {
      // Also after a failure: the folder was claimed, and what is left in it is ours.
      await mkdir(outDir, { recursive: true });
      await writeFile(path.join(outDir, SITE_MARKER), MARKER_TEXT);
    }
    return report(staged, outDir);
  } finally {
    await rm(siteDir, { recursive: true, force: true });
  }
}

/** Serves the site with live reload on 127.0.0.1 (or `host`) until closed. */
export async function devSite(
  options: SiteOptions & { port?: number; host?: string },
): Promise<DevSite> {
  const siteDir = await stagingDir('dev-');
  const outDir = path.join(siteDir, '.vitepress', 'dist');
  try {
    await stageSite(options, siteDir, outDir);
    const server = await createServer(siteDir, {
      host: options.host ?? '127.0.0.1',
      ...(options.port === undefined ? {} : { port: options.port }),
    });
    await server.listen();
    const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${server.config.server.port}/`;
    return {
      url,
      refresh: async (next = options) => {
        await stageSite(next, siteDir, outDir);
      },
      close: async () => {
        // Vite's close can wait forever on its dependency optimizer once a page
        // was transformed (no handle left open, so the process would just end
        // mid-await); give it a few seconds, then remove the staged site anyway.
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, CLOSE_GRACE_MS);
        });
        try {
          await Promise.race([server.close(), grace]);
        } finally {
          clearTimeout(timer);
          await rm(siteDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await rm(siteDir, { recursive: true, force: true });
    if (error instanceof ToolscopeError) throw error;
    throw failed('start the dev server', error);
  }
}
