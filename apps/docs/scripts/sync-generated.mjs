#!/usr/bin/env node
// Copies the pages of every generated docs package (`<toolset>-docs`) into the
// site, under toolsets/<toolset>/, and derives the sidebar from what it found.
// The generated packages are the source of truth: the copies are git-ignored
// and rebuilt on every build, so nothing here knows any toolset by name.
//
//   node scripts/sync-generated.mjs [--from <dir>]... [--site <dir>]
//
// Default source: <repo>/packages/generated. Default site: apps/docs.
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The docs site folder (apps/docs). */
export const DEFAULT_SITE_DIR = path.resolve(here, '..');
/** Where the generator writes its packages. */
export const DEFAULT_GENERATED_DIR = path.resolve(here, '../../../packages/generated');

const DOCS_PACKAGE = /^(?<toolset>[a-z0-9][a-z0-9._-]*)-docs$/;
const PAGE_ROOT_CANDIDATES = ['pages', 'docs'];
const NOT_PAGES = new Set(['readme.md', 'changelog.md', 'license.md']);
const SKIP_DIRS = new Set(['node_modules', 'dist', '.turbo']);
const NOT_ASSETS = /^(package\.json|tsconfig(\..+)?\.json)$/;
const ASSET = /\.(json|txt)$/;

/** HTML-escapes text that the theme renders with v-html (sidebar, nav). */
export function escapeHtml(text) {
  return String(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Backslash-escapes Markdown syntax, for text placed into a page we write. */
export function escapeMarkdown(text) {
  return String(text).replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) => `\\${c}`);
}

/**
 * VitePress expands `<!-- @include: path -->` in the raw source before any
 * Markdown parsing, which would let a manifest string read files at build
 * time. A zero-width space breaks the directive and renders the same.
 */
export function disarmDirectives(markdown) {
  return markdown.replace(/(<!--\s*@include)(\s*:)/g, '$1\u200b$2');
}

async function isDir(p) {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function listFiles(dir, rel = '') {
  const out = [];
  const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...(await listFiles(dir, child)));
    } else if (entry.isFile()) {
      out.push(child);
    }
  }
  return out;
}

/** The page title: frontmatter `title`, else the first `# ` heading, else the file name. */
export function pageTitle(markdown, fallback) {
  const front = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(markdown);
  if (front) {
    try {
      const data = parseYaml(front[1]);
      if (data && typeof data.title === 'string' && data.title.trim()) return data.title.trim();
    } catch {
      // Malformed frontmatter is VitePress's to report; fall back to the heading.
    }
  }
  const body = front ? markdown.slice(front[0].length) : markdown;
  const heading = /^#\s+(.+?)\s*#*\s*$/m.exec(body);
  return heading ? heading[1] : fallback;
}

/**
 * The files a docs package publishes besides its pages: what its package.json
 * `files` lists (folders included), else every JSON and text file in it.
 */
export async function publishedAssets(pkgDir) {
  let listed;
  try {
    const pkg = JSON.parse(await readFile(path.join(pkgDir, 'package.json'), 'utf8'));
    if (Array.isArray(pkg.files))
      listed = pkg.files.map((f) => String(f).replace(/^\.\/|\/$/g, ''));
  } catch {
    // No package.json (a bare folder of pages): fall back to the heuristic.
  }
  const all = await listFiles(pkgDir);
  return all.filter((rel) => {
    if (!ASSET.test(rel)) return false;
    if (listed) return listed.some((entry) => rel === entry || rel.startsWith(`${entry}/`));
    return rel.includes('/') || !NOT_ASSETS.test(rel);
  });
}

const MARKDOWN_LINK = /\]\(([^()\s]+)((?:\s+"[^"]*")?)\)/g;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/**
 * Pages link to the package's other files relative to the package
 * (`../../schemas/x.json`). The site serves pages from the pages folder and
 * those files from `publicBase`, so a link that leaves the pages folder is
 * rewritten to the published URL. Links inside code blocks are left alone.
 */
export function rewriteAssetLinks(markdown, { page, pagesRoot, publicBase }) {
  let fence;
  return markdown
    .split('\n')
    .map((line) => {
      const marker = FENCE.exec(line)?.[1];
      if (marker && (!fence || (marker[0] === fence[0] && marker.length >= fence.length))) {
        fence = fence ? undefined : marker;
        return line;
      }
      if (fence) return line;
      return line.replace(MARKDOWN_LINK, (whole, target, title) => {
        if (/^([a-z][a-z0-9+.-]*:|\/|#)/i.test(target)) return whole;
        const [file, hash = ''] = target.split(/(?=#)/);
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
        if (resolved.startsWith('../') || (pagesRoot && resolved.startsWith(pagesRoot))) {
          return whole;
        }
        if (!pagesRoot && resolved.endsWith('.md')) return whole;
        return `](${publicBase}${resolved}${hash}${title})`;
      });
    })
    .join('\n');
}

/** Finds every `<toolset>-docs` package in the given source folders. */
export async function findDocsPackages(sources) {
  const found = new Map();
  for (const source of sources) {
    if (!(await isDir(source))) continue;
    const entries = (await readdir(source, { withFileTypes: true })).filter((e) => e.isDirectory());
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const match = DOCS_PACKAGE.exec(entry.name);
      if (!match?.groups) continue;
      const toolset = match.groups.toolset;
      const dir = path.join(source, entry.name);
      if (found.has(toolset)) {
        throw new Error(
          `sync-generated: toolset "${toolset}" found twice: ${found.get(toolset)} and ${dir}`,
        );
      }
      found.set(toolset, dir);
    }
  }
  return [...found].map(([toolset, dir]) => ({ toolset, dir }));
}

async function pagesRoot(pkgDir) {
  for (const candidate of PAGE_ROOT_CANDIDATES) {
    const dir = path.join(pkgDir, candidate);
    if (await isDir(dir)) return { dir, isPackageRoot: false };
  }
  return { dir: pkgDir, isPackageRoot: true };
}

function routeOf(toolset, rel) {
  const noExt = rel.replace(/\.md$/, '');
  const route = noExt === 'index' || noExt.endsWith('/index') ? noExt.slice(0, -5) : noExt;
  return `/toolsets/${toolset}/${route}`;
}

function byTitle(a, b) {
  return a.title.localeCompare(b.title, 'en') || (a.link < b.link ? -1 : 1);
}

function sidebarItems(pages) {
  const top = [];
  const groups = new Map();
  for (const page of pages) {
    const slash = page.rel.indexOf('/');
    if (slash === -1) {
      if (page.rel !== 'index.md') top.push(page);
      continue;
    }
    const group = page.rel.slice(0, slash);
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push({ ...page, rel: page.rel.slice(slash + 1) });
  }
  const items = top.sort(byTitle).map((p) => ({ text: escapeHtml(p.title), link: p.link }));
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

async function syncOne({ toolset, dir }, siteDir) {
  const { dir: root, isPackageRoot } = await pagesRoot(dir);
  const target = path.join(siteDir, 'toolsets', toolset);
  const pages = [];
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
  const assets = [];
  for (const rel of await publishedAssets(dir)) {
    await mkdir(path.dirname(path.join(publicDir, rel)), { recursive: true });
    await cp(path.join(dir, rel), path.join(publicDir, rel));
    assets.push(rel);
  }
  let index = pages.find((p) => p.rel === 'index.md');
  if (!index) {
    const list = pages
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

function overviewPage(toolsets) {
  const intro =
    '# Toolsets\n\nThe reference of every toolset this site publishes, generated from its manifest. ' +
    'Beside each: the exact `tools/list` payload (`tools.json`) and a summary for language models (`llms.txt`).\n\n';
  if (toolsets.length === 0) {
    return (
      intro +
      'No generated docs packages were found. Run `pnpm toolscope generate`, then build the site again.\n'
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
 * Rebuilds `<site>/toolsets/` and `<site>/public/toolsets/` from the docs
 * packages in `sources`, and writes the sidebar to
 * `<site>/.vitepress/generated/toolsets.json`. Finding none is not an error.
 */
export async function syncGenerated({
  sources = [DEFAULT_GENERATED_DIR],
  siteDir = DEFAULT_SITE_DIR,
} = {}) {
  await rm(path.join(siteDir, 'toolsets'), { recursive: true, force: true });
  await rm(path.join(siteDir, 'public', 'toolsets'), { recursive: true, force: true });
  const packages = await findDocsPackages(sources);
  const toolsets = [];
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
  const generatedDir = path.join(siteDir, '.vitepress', 'generated');
  await mkdir(generatedDir, { recursive: true });
  await writeFile(
    path.join(generatedDir, 'toolsets.json'),
    `${JSON.stringify({ sidebar, nav }, null, 2)}\n`,
  );
  return toolsets;
}

function parseArgs(argv) {
  const sources = [];
  let siteDir = DEFAULT_SITE_DIR;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if ((arg === '--from' || arg === '--site') && value === undefined) {
      throw new Error(`sync-generated: ${arg} needs a folder`);
    }
    if (arg === '--from') sources.push(path.resolve(value));
    else if (arg === '--site') siteDir = path.resolve(value);
    else throw new Error(`sync-generated: unknown argument ${arg}`);
    i++;
  }
  return { sources: sources.length > 0 ? sources : [DEFAULT_GENERATED_DIR], siteDir };
}

/** Prints one line per toolset, or says that none was found. */
export function describeSync(toolsets, sources) {
  if (toolsets.length === 0) {
    return `sync-generated: no *-docs package in ${sources.join(', ')}; the site has no toolset pages (run \`pnpm toolscope generate\` first)`;
  }
  return toolsets
    .map((t) => `sync-generated: ${t.toolset}: ${t.pages.length} pages, ${t.assets.length} files`)
    .join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = parseArgs(process.argv.slice(2));
  const toolsets = await syncGenerated(options);
  console.log(describeSync(toolsets, options.sources));
}
