import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

const SKIP_DIRS = new Set(['node_modules', 'dist', '.turbo']);
const NOT_ASSETS = /^(package\.json|tsconfig(\..+)?\.json|toolscope-generated\.json)$/;
const ASSET = /\.(json|txt)$/;

/** True when `p` is a directory (false when it is missing or a file). */
export async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Every file under `dir`, as sorted POSIX paths relative to it, skipping build folders. */
export async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
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

/** The page title: frontmatter `title`, else the first `# ` heading, else the fallback. */
export function pageTitle(markdown: string, fallback: string): string {
  const front = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(markdown);
  if (front) {
    try {
      const data = parseYaml(front[1] ?? '') as { title?: unknown } | null;
      if (data && typeof data.title === 'string' && data.title.trim()) return data.title.trim();
    } catch {
      // Malformed frontmatter is VitePress's to report; fall back to the heading.
    }
  }
  const body = front ? markdown.slice(front[0].length) : markdown;
  const heading = /^#\s+(.+?)\s*#*\s*$/m.exec(body);
  return heading?.[1] ?? fallback;
}

/**
 * The files a docs package publishes besides its pages: what its package.json
 * `files` lists (folders included), else every JSON and text file in it.
 */
export async function publishedAssets(pkgDir: string): Promise<string[]> {
  let listed: string[] | undefined;
  try {
    const pkg = JSON.parse(await readFile(path.join(pkgDir, 'package.json'), 'utf8')) as {
      files?: unknown;
    };
    if (Array.isArray(pkg.files)) {
      listed = pkg.files.map((f) => String(f).replace(/^\.\/|\/$/g, ''));
    }
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

/** Where a page sits, for {@link rewriteAssetLinks}. */
export interface AssetLinkContext {
  /** The page's path relative to its package. */
  readonly page: string;
  /** The pages folder relative to the package, with a trailing slash ('' for the package root). */
  readonly pagesRoot: string;
  /** The URL the package's published files are served under. */
  readonly publicBase: string;
}

/**
 * Pages link to the package's other files relative to the package
 * (`../../schemas/x.json`). The site serves pages from the pages folder and
 * those files from `publicBase`, so a link that leaves the pages folder is
 * rewritten to the published URL. Links inside code blocks are left alone.
 */
export function rewriteAssetLinks(markdown: string, context: AssetLinkContext): string {
  const { page, pagesRoot, publicBase } = context;
  let fence: string | undefined;
  return markdown
    .split('\n')
    .map((line) => {
      const marker = FENCE.exec(line)?.[1];
      if (marker && (!fence || (marker[0] === fence[0] && marker.length >= fence.length))) {
        fence = fence ? undefined : marker;
        return line;
      }
      if (fence) return line;
      return line.replace(MARKDOWN_LINK, (whole, target: string, title: string) => {
        if (/^([a-z][a-z0-9+.-]*:|\/|#)/i.test(target)) return whole;
        const [file = '', hash = ''] = target.split(/(?=#)/);
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
