// Writes the source folder VitePress builds from: the toolset pages, the
// guides, a home page, the logo and a `.vitepress/config.mjs` that hands the
// options to createSiteConfig. The folder is the builder's own scratch space.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DefaultTheme } from 'vitepress';
import { DocsSiteError } from './errors.js';
import { escapeHtml } from './escape.js';
import {
  checkLogo,
  type GuidePage,
  guideRoute,
  normalizeBase,
  type ResolvedGuide,
  type SiteOptions,
} from './options.js';
import { pageTitle } from './pages.js';
import { type SyncResult, syncGenerated } from './sync-generated.js';
import { plainAttribute } from './untrusted-markdown.js';
import type { StagedSiteConfig } from './vitepress-config.js';

/** What the stage step wrote. */
export interface StagedSite {
  readonly siteDir: string;
  readonly sync: SyncResult;
  readonly guides: readonly ResolvedGuide[];
  readonly config: StagedSiteConfig;
}

const CONFIG_MODULE = fileURLToPath(new URL('./vitepress-config.js', import.meta.url));

function unreadable(file: string, what: string, error: unknown): DocsSiteError {
  const code = (error as { code?: string }).code ?? 'unreadable';
  return new DocsSiteError('CONFIG_INVALID', `${what} ${file} cannot be read (${code})`, {
    location: { file },
    hint: 'paths are relative to the config file',
    cause: error,
  });
}

async function readSource(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw unreadable(file, what, error);
  }
}

async function resolveGuides(guides: readonly GuidePage[]): Promise<ResolvedGuide[]> {
  const seen = new Set<string>();
  const resolved: ResolvedGuide[] = [];
  for (const [index, guide] of guides.entries()) {
    const route = guideRoute(guide, index);
    if (seen.has(route)) {
      throw new DocsSiteError('CONFIG_INVALID', `two guides share the route "${route}"`, {
        hint: 'rename one of the files',
        ...(guide.file === undefined ? {} : { location: { file: guide.file } }),
      });
    }
    seen.add(route);
    const markdown = guide.markdown ?? (await readSource(guide.file ?? '', 'guide'));
    resolved.push({
      route,
      markdown,
      text: guide.text,
      group: guide.group ?? 'Guide',
      untrusted: guide.untrusted === true,
      source: guide.file ?? route,
    });
  }
  return resolved;
}

function guideGroups(guides: readonly ResolvedGuide[]): DefaultTheme.SidebarItem[] {
  const groups = new Map<string, DefaultTheme.SidebarItem[]>();
  for (const guide of guides) {
    const items = groups.get(guide.group) ?? [];
    groups.set(guide.group, items);
    const text = guide.text ?? pageTitle(guide.markdown, path.basename(guide.route));
    items.push({ text: escapeHtml(text), link: `/${guide.route}` });
  }
  return [...groups].map(([group, items]) => ({ text: escapeHtml(group), items }));
}

function navigation(
  guides: readonly ResolvedGuide[],
  sync: SyncResult,
): Pick<StagedSiteConfig, 'nav' | 'sidebar'> {
  const groups = guideGroups(guides);
  const nav: DefaultTheme.NavItem[] = groups.map((group) => {
    const first = group.items?.[0]?.link ?? '/';
    const folder = first.split('/')[1] ?? '';
    return {
      text: group.text ?? '',
      link: first,
      ...(first.split('/').length > 2 ? { activeMatch: `^/${folder}/` } : {}),
    };
  });
  nav.push({
    text: 'Toolsets',
    items: [
      { text: 'All toolsets', link: '/toolsets/' },
      ...(sync.nav as DefaultTheme.NavItemWithLink[]),
    ],
  });
  const sidebar: DefaultTheme.SidebarMulti = {
    '/toolsets/': [
      { text: 'Toolsets', link: '/toolsets/' },
      ...(sync.sidebar as DefaultTheme.SidebarItem[]),
    ],
  };
  for (const guide of guides) {
    const folder = guide.route.includes('/') ? `/${guide.route.split('/')[0]}/` : '/';
    if (folder !== '/') sidebar[folder] = groups;
  }
  return { nav, sidebar };
}

function homePage(
  options: SiteOptions,
  sync: SyncResult,
  guides: readonly ResolvedGuide[],
): string {
  const actions = [{ theme: 'brand', text: 'Browse the toolsets', link: '/toolsets/' }];
  const first = guides[0];
  if (first) actions.push({ theme: 'alt', text: 'Read the guide', link: `/${first.route}` });
  const features = sync.toolsets.map((t) => ({
    title: escapeHtml(t.title),
    details: t.pages.length === 1 ? '1 page' : `${t.pages.length} pages`,
    link: t.link,
  }));
  const frontmatter = {
    layout: 'home',
    // The page title lands in <title> and meta tags; the hero takes the escaped HTML.
    title: plainAttribute(options.title),
    hero: {
      name: escapeHtml(options.title),
      ...(options.description ? { tagline: escapeHtml(options.description) } : {}),
      actions,
    },
    features,
  };
  // JSON is YAML; it keeps every config string a plain quoted scalar.
  return `---\n${JSON.stringify(frontmatter, null, 2)}\n---\n`;
}

/** Writes the site's source into `siteDir` (a folder the builder owns). */
export async function stageSite(
  options: SiteOptions,
  siteDir: string,
  outDir: string,
): Promise<StagedSite> {
  const base = normalizeBase(options.base);
  const guides = await resolveGuides(options.guides ?? []);
  await mkdir(path.join(siteDir, '.vitepress'), { recursive: true });
  const sync = await syncGenerated(options.docsPackages, siteDir);
  for (const guide of guides) {
    const target = path.join(siteDir, `${guide.route}.md`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, guide.markdown);
  }
  const home =
    options.home === undefined
      ? homePage(options, sync, guides)
      : await readSource(options.home, 'home page');
  await writeFile(path.join(siteDir, 'index.md'), home);
  let logo: string | undefined;
  if (options.logo !== undefined) {
    checkLogo(options.logo);
    logo = `/${path.basename(options.logo)}`;
    await mkdir(path.join(siteDir, 'public'), { recursive: true });
    await copyFile(options.logo, path.join(siteDir, 'public', path.basename(options.logo))).catch(
      (error: unknown) => {
        throw unreadable(options.logo ?? '', 'logo', error);
      },
    );
  }
  const config: StagedSiteConfig = {
    title: options.title,
    description: options.description ?? '',
    base,
    outDir,
    ...(logo === undefined ? {} : { logo }),
    ...(options.footer === undefined ? {} : { footer: escapeHtml(options.footer) }),
    untrustedPrefixes: [
      'toolsets/',
      ...guides.filter((g) => g.untrusted).map((g) => `${g.route}.md`),
    ],
    ...navigation(guides, sync),
  };
  const configFile = path.join(siteDir, '.vitepress', 'config.mjs');
  const configSource =
    `import { createSiteConfig } from ${JSON.stringify(CONFIG_MODULE)};\n\n` +
    `export default createSiteConfig(${JSON.stringify(config, null, 2)});\n`;
  // The dev server restarts on every write of its config: write only a change.
  const previous = await readFile(configFile, 'utf8').catch(() => undefined);
  if (previous !== configSource) await writeFile(configFile, configSource);
  return { siteDir, sync, guides, config };
}
