// The VitePress config of every toolscope docs site. The staged site's
// `.vitepress/config.mjs` imports this file by its absolute path and calls it
// with the staged options as JSON, so nothing here may hold state between calls.
import type { DefaultTheme, UserConfig } from 'vitepress';
import {
  isUntrustedPage,
  plainAttribute,
  safeFrontmatter,
  untrustedMarkdown,
  untrustedSnippetGuard,
} from './untrusted-markdown.js';

/** Everything the VitePress config needs, as plain JSON written by the stage step. */
export interface StagedSiteConfig {
  readonly title: string;
  readonly description: string;
  readonly base: string;
  readonly outDir: string;
  /** The logo's URL inside the site, when there is one. */
  readonly logo?: string;
  /** HTML of the footer line (already escaped). */
  readonly footer?: string;
  /** Page path prefixes whose text is untrusted (toolset pages, machine-made pages). */
  readonly untrustedPrefixes: readonly string[];
  readonly nav: DefaultTheme.NavItem[];
  readonly sidebar: DefaultTheme.SidebarMulti;
}

/** The VitePress config for a staged site: default theme, local search, untrusted pages hardened. */
export function createSiteConfig(site: StagedSiteConfig): UserConfig<DefaultTheme.Config> {
  const prefixes = site.untrustedPrefixes;
  return {
    title: site.title,
    description: site.description,
    base: site.base,
    outDir: site.outDir,
    lang: 'en-US',
    lastUpdated: false,
    markdown: {
      // `{…}` attribute syntax would let manifest text set attributes such as onclick.
      attrs: { disable: true },
      preConfig: (md) => untrustedMarkdown(md, prefixes),
      config: (md) => untrustedSnippetGuard(md, prefixes),
    },
    transformPageData(pageData) {
      if (!isUntrustedPage(pageData.relativePath, prefixes)) return;
      return {
        frontmatter: safeFrontmatter(pageData.frontmatter),
        description: plainAttribute(pageData.description ?? ''),
        titleTemplate: undefined,
      };
    },
    themeConfig: {
      ...(site.logo === undefined ? {} : { logo: site.logo }),
      nav: [...site.nav],
      sidebar: site.sidebar,
      search: { provider: 'local' },
      outline: { level: [2, 3] },
      ...(site.footer === undefined ? {} : { footer: { message: site.footer } }),
    },
  };
}
