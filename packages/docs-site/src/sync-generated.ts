// Copies the pages of every generated docs package (`<toolset>-docs`) into the
// staged site, under toolsets/<toolset>/, and derives the sidebar from what it
// found. The generated packages are the source of truth: the copies are
// rebuilt on every build, so nothing here knows any toolset by name.
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DocsSiteError } from './errors.js';
import { disarmDirectives, escapeHtml, escapeMarkdown } from './escape.js';
import { isDir, listFiles, pageTitle, publishedAssets, rewriteAssetLinks } from './pages.js';

/** One generated docs package: the toolset it documents and its folder. */
export interface DocsPackage {
  readonly toolset: string;
  readonly dir: string;
}

/** A sidebar or nav entry, as the default theme reads it (text is HTML). */
export interface SidebarItem {
  readonly text: string;
  readonly link?: string;
  readonly collapsed?: boolean;
  readonly items?: readonly SidebarItem[];
}

interface SyncedPage {
  readonly rel: string;
  readonly link: string;
  readonly title: string;
}

/** What the sync found for one toolset. */
export interface SyncedToolset {
  readonly toolset: string;
  readonly title: string;
  readonly link: string;
  readonly pages: readonly SyncedPage[];
  readonly assets: readonly string[];
}

/** The sync's result: the toolsets, and the sidebar and nav entries made from them. */
export interface SyncResult {
  readonly toolsets: readonly SyncedToolset[];
  readonly sidebar: readonly SidebarItem[];
  readonly nav: readonly SidebarItem[];
}

const DOCS_PACKAGE = /^(?<toolset>[a-z0-9][a-z0-9._-]*)-docs$/;
const PAGE_ROOT_CANDIDATES = ['pages', 'docs'];
const NOT_PAGES = new Set(['readme.md', 'changelog.md', 'license.md']);
/** Toolset names become URL segments and folder names. */
const TOOLSET_NAME = /^[a-z0-9][a-z0-9._-]*$/;

/** Finds every `<toolset>-docs` folder directly inside the given source folders. */
export async function findDocsPackages(sources: readonly string[]): Promise<DocsPackage[]> {
  const found: DocsPackage[] = [];
  for (const source of sources) {
    if (!(await isDir(source))) continue;
    const entries = (await readdir(source, { withFileTypes: true })).filter((e) => e.isDirectory());
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const toolset = DOCS_PACKAGE.exec(entry.name)?.groups?.toolset;
      if (toolset) found.push({ toolset, dir: path.join(source, entry.name) });
    }
  }
  return found;
}

function checkPackages(packages: readonly DocsPackage[]): void {
  const seen = new Map<string, string>();
  for (const { toolset, dir } of packages) {
    if (!TOOLSET_NAME.test(toolset)) {
      throw new DocsSiteError('CONFIG_INVALID', `toolset name "${toolset}" cannot be a URL path`, {
        location: { file: dir },
        hint: 'toolset names are lower-case letters, digits, ".", "_" and "-"',
      });
    }
    const other = seen.get(toolset);
    if (other !== undefined) {
      throw new DocsSiteError('CONFIG_INVALID', `toolset "${toolset}" found twice`, {
        location: { file: dir },
        hint: `the other one is ${other}; keep one of them`,
      });
    }
    seen.set(toolset, dir);
  }
}

async function pagesRoot(pkgDir: string): Promise<{ dir: string; isPackageRoot: boolean }> {
  for (const candidate of PAGE_ROOT_CANDIDATES) {
    const dir = path.join(pkgDir, candidate);
    if (await isDir(dir)) return { dir, isPackageRoot: false };
  }
  return { dir: pkgDir, isPackageRoot: true };
}

function routeOf(toolset: string, rel: string): string {
  const noExt = rel.replace(/\.md$/, '');
  const route = noExt === 'index' || noExt.endsWith('/index') ? noExt.slice(0, -5) : noExt;
  return `/toolsets/${toolset}/${route}`;
}

function byTitle(a: SyncedPage, b: SyncedPage): number {
  return a.title.localeCompare(b.title, 'en') || (a.link < b.link ? -1 : 1);
}

function sidebarItems(pages: readonly SyncedPage[]): SidebarItem[] {
  const top: SyncedPage[] = [];
  const groups = new Map<string, SyncedPage[]>();
  for (const page of pages) {
    const slash = page.rel.indexOf('/');
    if (slash === -1) {
      if (page.rel !== 'index.md') top.push(page);
      continue;
    }
    const group = page.rel.slice(0, slash);
    const list = groups.get(group) ?? [];
    groups.set(group, list);
    list.push({ ...page, rel: page.rel.slice(slash + 1) });
  }
  const items: SidebarItem[] = top
    .sort(byTitle)
    .map((p) => ({ text: escapeHtml(p.title), link: p.link }));
  for (const [group, groupPages] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const index = groupPages.find((p) => p.rel === 'index.md');
    items.push({
      text: escapeHtml(group.charAt(0).toUpperCase() + group.slice(1)),
      ...(index ? { link: index.link } : {}),
      collapsed: false,
      items: sidebarItems(groupPages),
    });
  }
  return items;
}

async function syncOne({ toolset, dir }: DocsPackage, siteDir: string): Promise<SyncedToolset> {
  const { dir: root, isPackageRoot } = await pagesRoot(dir);
  const target = path.join(siteDir, 'toolsets', toolset);
  const pages: SyncedPage[] = [];
  for (const rel of await listFiles(root)) {
    if (!rel.endsWith('.md')) continue;
    if (isPackageRoot && !rel.includes('/') && NOT_PAGES.has(rel.toLowerCase())) continue;
    const source = await readFile(path.join(root, rel), 'utf8');
    const fromPackageRoot = path.relative(dir, path.join(root, rel)).split(path.sep).join('/');
    const markdown = rewriteAssetLinks(disarmDirectives(source), {
      page: fromPackageRoot,
      pagesRoot: isPackageRoot ? '' : `${path.basename(root)}/`,
      publicBase: `/toolsets/${toolset}/`,
    });
    await mkdir(path.dirname(path.join(target, rel)), { recursive: true });
    await writeFile(path.join(target, rel), markdown);
    pages.push({ rel, link: routeOf(toolset, rel), title: pageTitle(markdown, rel) });
  }
  // Machine-readable files (tools.json, JSON Schemas, llms.txt) are published as they are.
  const publicDir = path.join(siteDir, 'public', 'toolsets', toolset);
  const assets: string[] = [];
  for (const rel of await publishedAssets(dir)) {
    await mkdir(path.dirname(path.join(publicDir, rel)), { recursive: true });
    await cp(path.join(dir, rel), path.join(publicDir, rel));
    assets.push(rel);
  }
  let index = pages.find((p) => p.rel === 'index.md');
  if (!index) {
    const list = [...pages]
      .sort(byTitle)
      .map((p) => `- [${escapeMarkdown(p.title)}](${p.link})`)
      .join('\n');
    await mkdir(target, { recursive: true });
    await writeFile(path.join(target, 'index.md'), `# ${escapeMarkdown(toolset)}\n\n${list}\n`);
    index = { rel: 'index.md', link: `/toolsets/${toolset}/`, title: toolset };
    pages.push(index);
  }
  return { toolset, title: index.title, link: index.link, pages, assets };
}

function overviewPage(toolsets: readonly SyncedToolset[]): string {
  const intro =
    '# Toolsets\n\nThe reference of every toolset this site publishes, generated from its manifest. ' +
    'Beside each: the exact `tools/list` payload (`tools.json`) and a summary for language models (`llms.txt`).\n\n';
  if (toolsets.length === 0) {
    return (
      intro +
      'No generated docs packages were found. Run `toolscope generate`, then build the site again.\n'
    );
  }
  const rows = toolsets
    .map((t) => {
      const files = t.assets
        .filter((rel) => !rel.includes('/'))
        .map((rel) => `[${escapeMarkdown(rel)}](/toolsets/${t.toolset}/${rel})`);
      const suffix = files.length > 0 ? `: ${files.join(', ')}` : '';
      return `- [${escapeMarkdown(t.title)}](${t.link})${suffix}`;
    })
    .join('\n');
  return `${intro}${rows}\n`;
}

/**
 * Rebuilds `<site>/toolsets/` and `<site>/public/toolsets/` from the given
 * docs packages and returns the sidebar made from them. Finding none is not
 * an error: the overview page then says how to get some.
 */
export async function syncGenerated(
  packages: readonly DocsPackage[],
  siteDir: string,
): Promise<SyncResult> {
  checkPackages(packages);
  await rm(path.join(siteDir, 'toolsets'), { recursive: true, force: true });
  await rm(path.join(siteDir, 'public', 'toolsets'), { recursive: true, force: true });
  const toolsets: SyncedToolset[] = [];
  for (const pkg of packages) toolsets.push(await syncOne(pkg, siteDir));
  await mkdir(path.join(siteDir, 'toolsets'), { recursive: true });
  await writeFile(path.join(siteDir, 'toolsets', 'index.md'), overviewPage(toolsets));
  // Collapsed: the theme opens the group of the page being read.
  const sidebar = toolsets.map((t) => ({
    text: escapeHtml(t.title),
    link: t.link,
    collapsed: true,
    items: sidebarItems(t.pages),
  }));
  const nav = toolsets.map((t) => ({ text: escapeHtml(t.title), link: t.link }));
  return { toolsets, sidebar, nav };
}

/** One line per toolset, or a sentence saying that none was found and what to do. */
export function describeSync(toolsets: readonly SyncedToolset[]): string {
  if (toolsets.length === 0) {
    return 'no generated docs package found; the site has no toolset pages (run `toolscope generate` first)';
  }
  return toolsets
    .map((t) => `${t.toolset}: ${t.pages.length} pages, ${t.assets.length} files`)
    .join('\n');
}
