import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type DefaultTheme, defineConfig } from 'vitepress';
import {
  isUntrustedPage,
  plainAttribute,
  safeFrontmatter,
  untrustedMarkdown,
  untrustedSnippetGuard,
} from './untrusted-markdown.js';

interface GeneratedToolsets {
  sidebar: DefaultTheme.SidebarItem[];
  nav: DefaultTheme.NavItemWithLink[];
}

// Written by scripts/sync-generated.mjs; absent until the site was prepared once.
function loadGeneratedToolsets(): GeneratedToolsets {
  const file = fileURLToPath(new URL('./generated/toolsets.json', import.meta.url));
  if (!existsSync(file)) return { sidebar: [], nav: [] };
  return JSON.parse(readFileSync(file, 'utf8')) as GeneratedToolsets;
}

const toolsets = loadGeneratedToolsets();

const guide: DefaultTheme.SidebarItem[] = [
  {
    text: 'Guide',
    items: [
      { text: 'Getting started', link: '/guide/getting-started' },
      { text: 'The wire protocol', link: '/guide/wire-protocol' },
      { text: 'Security model', link: '/guide/security' },
      { text: 'Error codes', link: '/guide/error-codes' },
      { text: 'Canary tests and redaction', link: '/guide/canary-tests' },
      { text: 'Security testing', link: '/guide/security-testing' },
    ],
  },
  {
    text: 'Reference',
    items: [
      { text: 'Manifest reference', link: '/reference/manifest' },
      { text: 'Toolsets', link: '/toolsets/' },
    ],
  },
];

export default defineConfig({
  title: 'toolscope',
  description:
    'Per-user, per-tool authorization for MCP tools: manifests, generated packages, runtime.',
  lang: 'en-US',
  lastUpdated: false,
  // The package README and the tests' fixtures live beside the pages but are not pages.
  srcExclude: ['**/README.md', 'test/**', 'test-results/**', '.tmp/**', 'node_modules/**'],
  markdown: {
    // `{…}` attribute syntax would let manifest text set attributes such as onclick;
    // no page of ours needs it.
    attrs: { disable: true },
    preConfig: (md) => untrustedMarkdown(md),
    config: (md) => untrustedSnippetGuard(md),
  },
  transformPageData(pageData) {
    if (!isUntrustedPage(pageData.relativePath)) return;
    const frontmatter = safeFrontmatter(pageData.frontmatter);
    return {
      frontmatter,
      description: plainAttribute(pageData.description ?? ''),
      titleTemplate: undefined,
    };
  },
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started', activeMatch: '^/guide/' },
      {
        text: 'Toolsets',
        items: [{ text: 'All toolsets', link: '/toolsets/' }, ...toolsets.nav],
      },
      { text: 'Manifest reference', link: '/reference/manifest' },
    ],
    sidebar: {
      '/guide/': guide,
      '/reference/': guide,
      '/toolsets/': [{ text: 'Toolsets', link: '/toolsets/' }, ...toolsets.sidebar],
    },
    search: { provider: 'local' },
    outline: { level: [2, 3] },
    footer: { message: 'toolscope: MCP multi-user authorization, declared, passed and enforced.' },
  },
});
